#!/usr/bin/env Rscript
# Benchmark peer for `urban-sdg 11.1.1`: the same estimates with R survey on the same CSV —
# slum share and number, each deprivation, one and two or more, inadequate housing, for all urban
# households and by sex of the head. Prints one JSON line: wallMs, maxRssKb, the slum share.
suppressMessages(library(survey))
args <- commandArgs(TRUE)
started <- Sys.time()
hh <- read.csv(args[1])
dep <- data.frame(
  water = ifelse(is.na(hh$water) | hh$water == 99, NA, !(hh$water %in% c(11, 12, 13, 14, 21, 31, 41, 51, 71))),
  sanitation = ifelse(hh$toilet == 99, NA, !(hh$toilet %in% c(11, 12, 13, 21, 22, 41))),
  livingArea = ifelse(hh$rooms == 0, TRUE, hh$members / hh$rooms > 3),
  durability = !(hh$floor %in% c(31, 32, 33, 34, 35) & hh$wall %in% c(31, 32, 33, 34, 35, 36) & hh$roof %in% c(31, 32, 33, 34, 35, 36)),
  tenure = !(hh$tenure %in% c(1, 2)))
known <- as.matrix(dep); known[is.na(known)] <- FALSE
hh$count <- rowSums(known)
hh$slum <- as.numeric(hh$count >= 1); hh$one <- as.numeric(hh$count == 1); hh$two <- as.numeric(hh$count >= 2)
for (k in names(dep)) hh[[paste0("lack_", k)]] <- as.numeric(known[, k])
share <- ifelse(hh$income > 0, hh$cost / hh$income, ifelse(hh$cost > 0, Inf, NA))
hh$inadequate <- as.numeric(!is.na(share) & share > 0.3)
d <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, nest = TRUE, data = hh)
dU <- subset(d, urban == 1)
vars <- c("slum", "one", "two", "inadequate", paste0("lack_", names(dep)))
for (v in vars) {
  svyratio(as.formula(paste0("~I(", v, " * members)")), ~members, dU)
  svyby(as.formula(paste0("~I(", v, " * members)")), ~head_sex, dU, svyratio, denominator = ~members)
}
slum <- svyratio(~I(slum * members), ~members, dU)
svytotal(~I(slum * members), dU)
wall <- as.numeric(difftime(Sys.time(), started, units = "secs")) * 1000
rss <- as.numeric(sub(".*:\\s+(\\d+) kB", "\\1", grep("VmHWM", readLines("/proc/self/status"), value = TRUE)))
cat(sprintf('{"wallMs": %f, "maxRssKb": %d, "sums": %.12f}\n', wall, rss, 100 * coef(slum)))
