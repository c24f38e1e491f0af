/**
 * A report map as inline SVG: layers drawn by d3-geo's path generator in a fitted viewport, a
 * legend, a scale bar (a round length from d3-scale's ticks), a north arrow (the plane's y axis is
 * grid north) and the CRS noted under it. Every string that came from a file is escaped.
 */
import type { Geometry } from 'geojson';
import { scaleLinear } from 'd3-scale';
import type { Bounds } from '../core/grid.js';
import { createViewport, type MapFrame, type Viewport } from './frame.js';
import { escapeXml } from '../core/xml-text.js';
import { formatNumber } from './text.js';

export interface PolygonLayer {
  readonly kind: 'polygons';
  /** Plane coordinates; `fill` per feature. */
  readonly features: readonly { readonly geometry: Geometry; readonly fill: string; readonly title: string }[];
  readonly stroke: string;
  readonly strokeWidthPx: number;
  readonly opacity?: number;
  /** Draw each feature's label at its centroid (choropleths of a few zones). */
  readonly labels?: readonly string[];
}

export interface LineLayer {
  readonly kind: 'lines';
  readonly geometry: Geometry;
  readonly stroke: string;
  readonly strokeWidthPx: number;
}

export interface CircleLayer {
  readonly kind: 'circles';
  /** Plane coordinates and a radius in metres (0: a fixed-size dot). */
  readonly circles: readonly { readonly x: number; readonly y: number; readonly radiusM: number; readonly fill: string; readonly stroke: string; readonly dashed?: boolean }[];
}

export interface ImageLayer {
  readonly kind: 'image';
  /** A PNG as a data URI covering `box` (plane units). */
  readonly href: string;
  readonly box: Bounds;
}

export type MapLayer = PolygonLayer | LineLayer | CircleLayer | ImageLayer;

export type LegendEntry =
  | { readonly kind: 'swatch'; readonly colour: string; readonly label: string; readonly hatched?: boolean; readonly outline?: boolean }
  | { readonly kind: 'ramp'; readonly colours: readonly string[]; readonly domain: readonly [number, number]; readonly label: string; readonly format?: (value: number) => string };

export interface MapSpec {
  readonly id: string;
  readonly title: string;
  readonly frame: MapFrame;
  /** What the map shows, in plane units. */
  readonly box: Bounds;
  readonly layers: readonly MapLayer[];
  readonly legend: readonly LegendEntry[];
  readonly note?: string;
}

const WIDTH_PX = 640;
const MAP_HEIGHT_PX = 440;
const LEGEND_WIDTH_PX = 280;
const MARGIN_PX = 16;
/** No data: a grey checkerboard, as in the raster pictures, so that it cannot be taken for a class. */
function hatch(id: string): string {
  return `<pattern id="${id}-nodata" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#bdbdbd"/><rect width="4" height="4" fill="#f0f0f0"/><rect x="4" y="4" width="4" height="4" fill="#f0f0f0"/></pattern>`;
}

/** Labels at the centroids d3-geo computes, white-haloed so that they read on any fill. */
function drawLabels(layer: PolygonLayer, view: Viewport): string {
  if (!layer.labels) return '';
  return `<g font-size="11" text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3" fill="#111">${layer.features.map((f, k) => {
    const [cx, cy] = view.path.centroid(f.geometry);
    return Number.isFinite(cx) ? `<text x="${cx.toFixed(1)}" y="${cy.toFixed(1)}">${escapeXml(layer.labels?.[k] ?? '')}</text>` : '';
  }).join('')}</g>`;
}

function drawLayer(layer: MapLayer, view: Viewport): string {
  switch (layer.kind) {
    case 'polygons':
      return `<g fill-rule="evenodd" stroke="${layer.stroke}" stroke-width="${layer.strokeWidthPx}"${layer.opacity === undefined ? '' : ` fill-opacity="${layer.opacity}"`}>${layer.features
        .map((f) => `<path d="${view.path(f.geometry) ?? ''}" fill="${f.fill}"><title>${escapeXml(f.title)}</title></path>`).join('')}</g>${drawLabels(layer, view)}`;
    case 'lines':
      return `<path d="${view.path(layer.geometry) ?? ''}" fill="none" stroke="${layer.stroke}" stroke-width="${layer.strokeWidthPx}" stroke-linejoin="round"/>`;
    case 'circles':
      return `<g>${layer.circles.map((c) => {
        const [x, y] = view.toPx(c.x, c.y);
        const r = c.radiusM > 0 ? c.radiusM * view.pxPerMetre : 3;
        return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${c.fill}" stroke="${c.stroke}"${c.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
      }).join('')}</g>`;
    case 'image': {
      const [x0, y0] = view.toPx(layer.box.minX, layer.box.maxY);
      const [x1, y1] = view.toPx(layer.box.maxX, layer.box.minY);
      return `<image href="${layer.href}" x="${x0.toFixed(1)}" y="${y0.toFixed(1)}" width="${(x1 - x0).toFixed(1)}" height="${(y1 - y0).toFixed(1)}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`;
    }
  }
}

/** A round length (1, 2 or 5 × 10ⁿ m) about a quarter of the map's width, from d3-scale's tick rule. */
function drawScaleBar(view: Viewport): string {
  const widthM = (view.widthPx * 0.25) / view.pxPerMetre;
  const ticks = scaleLinear().domain([0, widthM]).ticks(1);
  const lengthM = ticks[ticks.length - 1] > 0 ? ticks[ticks.length - 1] : widthM;
  const lengthPx = lengthM * view.pxPerMetre;
  const label = lengthM >= 1000 ? `${formatNumber(lengthM / 1000, 0)} km` : `${formatNumber(lengthM, 0)} m`;
  const y = view.heightPx - 14;
  return `<g class="scale-bar" font-size="11"><rect x="${MARGIN_PX}" y="${y - 4}" width="${lengthPx.toFixed(1)}" height="4" fill="#222"/><rect x="${MARGIN_PX}" y="${y - 4}" width="${(lengthPx / 2).toFixed(1)}" height="4" fill="#fff" stroke="#222" stroke-width="0.5"/><text x="${MARGIN_PX}" y="${y - 8}">0</text><text x="${(MARGIN_PX + lengthPx).toFixed(1)}" y="${y - 8}" text-anchor="middle">${label}</text></g>`;
}

function drawNorthArrow(view: Viewport): string {
  const x = view.widthPx - 28;
  return `<g class="north-arrow" transform="translate(${x},22)"><path d="M0,-14 L7,8 L0,3 L-7,8 Z" fill="#222"/><text y="22" text-anchor="middle" font-size="11" font-weight="bold">N</text></g>`;
}

function drawLegend(mapId: string, entries: readonly LegendEntry[], x0: number): string {
  const parts: string[] = [];
  let y = 24;
  entries.forEach((entry, k) => {
    if (entry.kind === 'swatch') {
      const fill = entry.hatched ? `url(#${mapId}-nodata)` : entry.colour;
      const stroke = entry.outline ? entry.colour : '#555';
      parts.push(`<rect x="${x0}" y="${y - 11}" width="16" height="12" fill="${entry.outline ? 'none' : fill}" stroke="${stroke}" stroke-width="${entry.outline ? 2 : 0.5}"/><text x="${x0 + 22}" y="${y}">${escapeXml(entry.label)}</text>`);
      y += 20;
      return;
    }
    const id = `${mapId}-ramp-${k}`;
    const stops = entry.colours.map((c, i) => `<stop offset="${((i / Math.max(1, entry.colours.length - 1)) * 100).toFixed(1)}%" stop-color="${c}"/>`).join('');
    const format = entry.format ?? ((v: number) => formatNumber(v, 2));
    const scale = scaleLinear().domain(entry.domain).range([0, 180]);
    const ticks = entry.domain[0] === entry.domain[1] ? [entry.domain[0]] : scale.ticks(4);
    parts.push(`<text x="${x0}" y="${y}">${escapeXml(entry.label)}</text>`);
    y += 6;
    parts.push(`<defs><linearGradient id="${id}">${stops}</linearGradient></defs><rect x="${x0}" y="${y}" width="180" height="12" fill="url(#${id})" stroke="#555" stroke-width="0.5"/>`);
    for (const t of ticks) {
      const tx = x0 + (entry.domain[0] === entry.domain[1] ? 90 : scale(t));
      parts.push(`<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${y + 12}" y2="${y + 16}" stroke="#555"/><text x="${tx.toFixed(1)}" y="${y + 27}" text-anchor="middle">${escapeXml(format(t))}</text>`);
    }
    y += 44;
  });
  return `<g class="legend" font-size="11">${parts.join('')}</g>`;
}

/** The map, its legend to the right, scale bar and north arrow; the CRS in the caption. */
export function renderMap(spec: MapSpec): string {
  const view = createViewport(spec.frame, spec.box, WIDTH_PX, MAP_HEIGHT_PX, MARGIN_PX);
  const total = WIDTH_PX + LEGEND_WIDTH_PX;
  const body = spec.layers.map((layer) => drawLayer(layer, view)).join('');
  return `<figure class="map" id="${spec.id}"><figcaption>${escapeXml(spec.title)}</figcaption>`
    + `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} ${MAP_HEIGHT_PX}" width="${total}" height="${MAP_HEIGHT_PX}" role="img" aria-label="${escapeXml(spec.title)}" font-family="system-ui, sans-serif">`
    + `<defs>${hatch(spec.id)}<clipPath id="${spec.id}-clip"><rect width="${WIDTH_PX}" height="${MAP_HEIGHT_PX}"/></clipPath></defs>`
    + `<rect width="${WIDTH_PX}" height="${MAP_HEIGHT_PX}" fill="#fafafa" stroke="#ccc"/>`
    + `<g clip-path="url(#${spec.id}-clip)">${body}</g>${drawScaleBar(view)}${drawNorthArrow(view)}${drawLegend(spec.id, spec.legend, WIDTH_PX + 12)}</svg>`
    + `<p class="map-note">Coordinates: ${escapeXml(spec.frame.description)}; north is up (grid north); scale bar in metres on the map plane.${spec.note ? ` ${escapeXml(spec.note)}` : ''}</p></figure>`;
}
