#!/usr/bin/env node
// The command line as it was started before it became bin/mlx-solve.cjs (`node bin/mlx-solve.js
// ...` in scripts and notes): the same program. package.json's `mlx-solve` runs the .cjs file
// directly, as a CommonJS script is started ~10 ms sooner than an ES module (bench/README.md,
// "The floor").
import "./mlx-solve.cjs";
