#!/usr/bin/env python3
"""Summarize a hyperfine --export-json file: median (and mean, σ, min) per
command in ms and its mean CPU time (user + system, all threads and children),
then the first command against each other one: the difference of medians and
the ratios of the medians and of the CPU times."""
import json
import sys


def main(path):
    with open(path) as f:
        results = json.load(f)["results"]
    ms = lambda s: s * 1000.0
    cpu = lambda r: (r.get("user") or 0) + (r.get("system") or 0)
    for r in results:
        print(
            f"   {r['command']:<55} median {ms(r['median']):9.2f} ms   mean {ms(r['mean']):9.2f} ± {ms(r['stddev'] or 0):6.2f}"
            f"   min {ms(r['min']):9.2f}   cpu {ms(cpu(r)):9.2f}   ({len(r['times'])} runs)"
        )
    first = results[0]
    for other in results[1:]:
        d = ms(first["median"] - other["median"])
        ratio = first["median"] / other["median"] if other["median"] else float("inf")
        cpu_ratio = cpu(first) / cpu(other) if cpu(other) else float("inf")
        print(f"   => {first['command']} - {other['command']}: {d:+.2f} ms (median), ratio {ratio:.2f}x, cpu ratio {cpu_ratio:.2f}x")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
