-- wrk: print the figures bench/run.py reads, one "key value" per line (latency in microseconds).
done = function(summary, latency, requests)
  io.write(string.format("bench requests %d\n", summary.requests))
  io.write(string.format("bench non2xx %d\n", summary.errors.status))
  io.write(string.format("bench duration_us %d\n", summary.duration))
  io.write(string.format("bench p50_us %d\n", latency:percentile(50)))
  io.write(string.format("bench p95_us %d\n", latency:percentile(95)))
end
