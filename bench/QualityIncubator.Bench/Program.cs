using QualityIncubator.Bench;

// Benchmarks, not tests (bench/README.md). A small command dispatcher: `assign` (the default), `seed`, `load`, `rank`, `xlsx`, `import`, `archive`, `help`; see Commands.Usage.
return await Commands.RunAsync(args);
