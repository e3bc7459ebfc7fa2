// Preloaded with `node --import` when /usr/bin/time is absent: reports the process's peak RSS.
process.on("exit", () => {
  try {
    process.stderr.write(`\n__MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    /* nothing to report */
  }
});
