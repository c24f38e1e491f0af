#!/usr/bin/env Rscript
# Benchmark peer for `urban-sdg 1.4.2`: the same estimates with R survey on the same CSV — the share of
# adults with documented and with perceived-secure rights, for all adults, by sex and by tenure type.
# Prints one JSON line: wallMs, maxRssKb, the documented share of all adults.
suppressMessages(library(survey))
args <- commandArgs(TRUE)
started <- Sys.time()
people <- read.csv(args[1])
people$documented <- as.numeric(!is.na(people$document) & people$document %in% c(1, 2, 3))
people$secure <- as.numeric(!is.na(people$fear) & people$fear < 5 & !is.na(people$bequeath) & people$bequeath == 1)
d <- svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, nest = TRUE, data = people)
dA <- subset(d, age >= 18)
documented <- svymean(~documented, dA)
invisible(svymean(~secure, dA))
invisible(svyby(~documented + secure, ~sex, dA, svymean))
invisible(svyby(~documented + secure, ~tenure_type, dA, svymean))
wall <- as.numeric(difftime(Sys.time(), started, units = "secs")) * 1000
rss <- as.numeric(sub(".*:\\s+(\\d+) kB", "\\1", grep("VmHWM", readLines("/proc/self/status"), value = TRUE)))
cat(sprintf('{"wallMs": %f, "maxRssKb": %d, "sums": %.12f}\n', wall, rss, 100 * coef(documented)))
