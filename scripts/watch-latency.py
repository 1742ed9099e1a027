#!/usr/bin/env python3
"""Measures `lessons check <lesson> --watch`: the time from saving a workbook file to the printed result.

Starts the watch on a copy of the workbook (LESSONS_WORKBOOK), then saves a step N times, alternating a right and a
wrong answer (and one that does not compile), and times each save until the watch prints its "checked …" line.
Prints every latency and the median. Not a test: timings belong in measurements, not assertions.

    python3 scripts/watch-latency.py [--saves 12] [--lesson softmax-scratch] [--dll src/Lessons/bin/Release/net10.0/lessons.dll]
"""
import argparse, os, queue, re, shutil, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUB = re.compile(r'(public Tensor Softmax\(Tensor X\)) =>\s*throw new NotImplementedException\((?:[^;]|;(?!\n))*?\);')
BODIES = [
    "{ var e = X.Exp(); return e / e.Sum(1, keepDim: true); }",   # right
    "{ var e = X.Exp(); return e / e.Sum(0, keepDim: true); }",   # wrong axis
    "{ var e = X.Exp() return e; }",                              # does not compile
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=12)
    parser.add_argument("--lesson", default="softmax-scratch")
    parser.add_argument("--dll", default=os.path.join(ROOT, "src/Lessons/bin/Release/net10.0/lessons.dll"))
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="lessons-watch-")
    for name in os.listdir(os.path.join(ROOT, "src/Lessons/Workbook")):
        if name.endswith(".cs"):
            shutil.copy(os.path.join(ROOT, "src/Lessons/Workbook", name), folder)
    path = os.path.join(folder, "SoftmaxRegressionScratch.cs")
    original = open(path, encoding="utf-8").read()
    assert STUB.search(original), "the Softmax stub was not found"

    env = dict(os.environ, LESSONS_WORKBOOK=folder, CI="true")
    process = subprocess.Popen(["dotnet", args.dll, "check", args.lesson, "--watch", "--backend", "cpu"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, bufsize=1)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), l)) for l in process.stdout], daemon=True).start()

    def wait_for(pattern, timeout=60):
        deadline = time.perf_counter() + timeout
        while True:
            stamp, line = lines.get(timeout=max(0.01, deadline - time.perf_counter()))
            if re.search(pattern, line):
                return stamp

    started = time.perf_counter()
    wait_for(r"^watching ")
    print(f"first check (start-up, compile, checks): {time.perf_counter() - started:.2f} s")
    latencies = []
    try:
        for i in range(args.saves):
            body = BODIES[i % len(BODIES)]
            # A comment that differs each time, so every save is a new compile (no cached build).
            text = STUB.sub(lambda m: m.group(1) + f"\n    // save {i}\n    " + body, original)
            time.sleep(0.3)  # a learner does not save twice within 300 ms
            saved = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            printed = wait_for(r"^checked \d+ step")
            latencies.append(printed - saved)
            print(f"save {i + 1:2}: {['right', 'wrong axis', 'compile error'][i % 3]:13} {latencies[-1] * 1000:7.0f} ms")
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms over "
          f"{len(latencies)} saves; load average {open('/proc/loadavg').read().split()[0]}")


if __name__ == "__main__":
    sys.exit(main())
