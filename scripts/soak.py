#!/usr/bin/env python3
"""The soak driver of scripts/soak.sh (standard library only); run through that script.

    soak.py receive --port P
        a webhook receiver: answers 204 to every POST, counts the messages (all, and distinct
        webhook-id per type); GET /count answers the counts as JSON.

    soak.py run --base URL --token T --pid PID --receiver URL [--minutes 30] [--warmup-minutes 5]
                [--max-seconds 40] [--connections 32] [--processes 2] [--fraction 0.7] [--ideas N]
        1. the maximum: closed loop, CONNECTIONS keep-alive connections (threads with http.client,
           spread over PROCESSES processes) each sending the mix back to back for MAX_SECONDS;
        2. the soak: open loop at FRACTION of that rate for MINUTES minutes, the first WARMUP of
           them warm-up. Each connection sends at fixed times (connections / rate apart) and a
           latency is measured from the time the request was due, not from when it left, so a
           stalled server is not hidden by the driver waiting for it (as wrk2 does). A connection
           that falls behind sends at once; at the end, what was due and never sent is counted;
        3. a line per minute: the requests completed in that minute (rate, p50/p99, errors), the
           server's RSS (VmRSS) and open descriptors (/proc/PID/fd) 2 s before the minute's end,
           comments acknowledged and webhooks received so far;
        4. the report: growth after warm-up against the goals, and all acknowledged comments
           delivered (after a drain of at most DRAIN seconds).
The mix: 60% GET /v1/ideas/{id} on a random idea, 20% GET /v1/ideas?limit=50, 20% POST
/v1/ideas/{id}/comments on a random idea (each a durable commit and one webhook message). The
ideas are the demo's 16; with --ideas N, quick-wins ideas are submitted first until there are N.
Exit status 0 whatever the goals say (it is a measurement); 1 only when the run itself fails.
"""
import argparse
import http.client
import json
import multiprocessing as mp
import os
import queue
import random
import sys
import threading
import time
import urllib.parse
import urllib.request
from array import array
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

READ, LIST, COMMENT = "read", "list", "comment"
MIX = ((0.6, READ), (0.8, LIST), (1.0, COMMENT))


# --- the webhook receiver -------------------------------------------------------------------

def receive(port: int) -> None:
    lock = threading.Lock()
    counts = {"requests": 0, "by_type": {}, "unparsed": 0}
    seen = set()

    class Receiver(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as pipeline's delivery loops use it

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            message_id = self.headers.get("webhook-id", "")
            try:
                kind = json.loads(body).get("type", "?")
            except ValueError:
                kind = None
            with lock:
                counts["requests"] += 1
                if kind is None:
                    counts["unparsed"] += 1
                elif message_id not in seen:
                    seen.add(message_id)
                    counts["by_type"][kind] = counts["by_type"].get(kind, 0) + 1
            self.send_response(204)
            self.end_headers()

        def do_GET(self):
            with lock:
                body = json.dumps(dict(counts, distinct=len(seen))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    server.daemon_threads = True
    print(f"receiver listening on http://127.0.0.1:{port}/", flush=True)
    server.serve_forever()


# --- the load: threads in processes ---------------------------------------------------------

class Bucket:
    """What one process saw for the requests due in one minute (or in the whole maximum run)."""

    def __init__(self):
        self.latency = array("d")  # seconds, from due time (open loop) or send time (closed loop)
        self.ok = 0
        self.comments = 0          # comments acknowledged (200)
        self.errors = {}           # "HTTP 503", "ConnectionResetError", ...
        self.not_sent = 0          # open loop: due before the end but never sent (the server was behind)
        self.examples = {}         # an error's first answer (or message), to show in the report

    def merge(self, other: "Bucket") -> None:
        self.latency.extend(other.latency)
        self.ok += other.ok
        self.comments += other.comments
        self.not_sent += other.not_sent
        for key, n in other.errors.items():
            self.errors[key] = self.errors.get(key, 0) + n
        for key, text in other.examples.items():
            self.examples.setdefault(key, text)

    def error_count(self) -> int:
        return sum(self.errors.values())


class Connection:
    def __init__(self, host: str, port: int, token: str):
        self.host, self.port = host, port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.conn = None

    def send(self, method: str, path: str, body: bytes | None) -> tuple:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            self.conn.request(method, path, body=body, headers=self.headers)
            response = self.conn.getresponse()
            answer = response.read()
            if response.will_close:
                self.close()
            return response.status, answer
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def one_request(conn: Connection, kind: str, ideas: list, rng: random.Random, serial: list) -> tuple:
    if kind == READ:
        return conn.send("GET", f"/v1/ideas/{rng.choice(ideas)}", None)
    if kind == LIST:
        return conn.send("GET", "/v1/ideas?limit=50", None)
    serial[0] += 1
    body = json.dumps({"text": f"soak comment {serial[0]}"}).encode()
    return conn.send("POST", f"/v1/ideas/{rng.choice(ideas)}/comments", body)


def drive(index, mode, base, token, ideas, threads, interval, t0, t_end, record_from, results):
    """One process: THREADS connections. mode "closed": back to back until t_end, one bucket;
    mode "open": each connection sends every INTERVAL seconds, buckets per minute of due time."""
    url = urllib.parse.urlsplit(base)
    lock = threading.Lock()
    buckets = {}
    stop = threading.Event()

    def record(minute, kind, status, latency, error, example):
        with lock:
            bucket = buckets.setdefault(minute, Bucket())
            if error is None and 200 <= status < 300:
                bucket.ok += 1
                bucket.latency.append(latency)
                if kind == COMMENT:
                    bucket.comments += 1
            else:
                key = error or f"HTTP {status}"
                bucket.errors[key] = bucket.errors.get(key, 0) + 1
                bucket.examples.setdefault(key, f"{kind} {example}"[:400])

    def worker(number):
        rng = random.Random(index * 1000 + number)
        conn = Connection(url.hostname, url.port, token)
        serial = [index * 100_000_000 + number * 1_000_000]
        due = t0 + rng.uniform(0, interval) if mode == "open" else t0
        while True:
            if mode == "open":
                now = time.monotonic()
                if now >= t_end or due >= t_end:  # stop at the end even when behind; count what was due
                    if due < t_end:
                        with lock:
                            last = buckets.setdefault(int((t_end - t0) // 60) - 1, Bucket())
                            last.not_sent += int((t_end - due) / interval) + 1
                    break
                if due > now:
                    time.sleep(due - now)
                start = due
                due += interval
            else:
                start = time.monotonic()
                if start >= t_end:
                    break
            status, error, example = 0, None, ""
            draw = rng.random()
            kind = next(k for limit, k in MIX if draw < limit)
            try:
                status, answer = one_request(conn, kind, ideas, rng, serial)
                example = answer.decode(errors="replace")
            except Exception as exc:  # connection refused, reset, timeout: an error, then reconnect
                error, example = type(exc).__name__, str(exc)
            done = time.monotonic()
            if mode == "closed":  # requests of the ramp count as comments made, not in the figures
                record(0 if start >= record_from else -1, kind, status, done - start, error, example)
            else:  # counted in the minute it completes, its latency from when it was due (as wrk2)
                minute = min(int((done - t0) // 60), int((t_end - t0) // 60) - 1)
                record(minute, kind, status, done - start, error, example)
        conn.close()

    def flush():
        with lock:
            ready = dict(buckets)
            buckets.clear()
        for minute, bucket in ready.items():
            results.put((index, minute, bucket))

    workers = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(threads)]
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        time.sleep(1)
        flush()
    flush()
    results.put((index, None, None))


def run_load(args, ideas, mode, rate, seconds, on_tick=None, ramp=0.0):
    """Runs the load in PROCESSES processes; returns {minute: Bucket}, calls on_tick(now, buckets)."""
    results = mp.Queue()
    per_process = [args.connections // args.processes + (1 if n < args.connections % args.processes else 0)
                   for n in range(args.processes)]
    interval = args.connections / rate if mode == "open" else 0.0
    t0 = time.monotonic() + 1.0
    t_end = t0 + seconds
    processes = [mp.Process(target=drive, daemon=True,
                            args=(n, mode, args.base, args.token, ideas, per_process[n], interval,
                                  t0, t_end, t0 + ramp, results))
                 for n in range(args.processes)]
    for p in processes:
        p.start()
    buckets, running = {}, len(processes)
    while running:
        try:
            index, minute, bucket = results.get(timeout=0.5)
            if minute is None:
                running -= 1
            else:
                buckets.setdefault(minute, Bucket()).merge(bucket)
        except queue.Empty:
            pass
        if on_tick:
            on_tick(time.monotonic() - t0, buckets)
    for p in processes:
        p.join()
    return t0, buckets


# --- measurements ---------------------------------------------------------------------------

def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def proc_sample(pid):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    rss_kb = int(status["VmRSS"].split()[0])
    hwm_kb = int(status["VmHWM"].split()[0])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    return {"rss_kb": rss_kb, "hwm_kb": hwm_kb, "fds": fds, "load": load}


def receiver_counts(url):
    with urllib.request.urlopen(url + "/count", timeout=10) as r:
        counts = json.load(r)
    counts["commented"] = counts["by_type"].get("idea.commented", 0)
    return counts


def submit_ideas(base, token, count):
    """Submits COUNT quick-wins ideas, so that comments spread over more ideas than the demo's."""
    url = urllib.parse.urlsplit(base)
    conn = Connection(url.hostname, url.port, token)
    for n in range(count):
        body = json.dumps({"workflow": "quick-wins", "organisation": "HAP De Linde", "region": "Twente",
                           "fields": {"title": f"Soak idea {n}", "summary": "Een idee voor de soak-test.",
                                      "cost_eur": 100 + n}}).encode()
        status, answer = conn.send("POST", "/v1/ideas", body)
        if status != 201:
            sys.exit(f"submitting an idea: HTTP {status} {answer[:300]!r}")
    conn.close()


def list_ideas(base, token):
    ideas, cursor = [], None
    while True:
        path = "/v1/ideas?limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
        request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            page = json.load(r)
        ideas += [idea["id"] for idea in page["ideas"]]
        cursor = page.get("next_cursor")
        if not cursor:
            return ideas


def errors_text(errors):
    return ", ".join(f"{k} ×{n}" for k, n in sorted(errors.items())) or "none"


def print_examples(bucket):
    for key, text in sorted(bucket.examples.items()):
        print(f"  first {key}: {text}", flush=True)


def run(args):
    ideas = list_ideas(args.base, args.token)
    if args.ideas > len(ideas):
        submit_ideas(args.base, args.token, args.ideas - len(ideas))
        ideas = list_ideas(args.base, args.token)
    if not ideas:
        sys.exit("no ideas in the database")
    acked = 0  # comments acknowledged over the whole run
    print(f"# {len(ideas)} ideas; mix 60% GET /v1/ideas/{{id}}, 20% GET /v1/ideas?limit=50, "
          f"20% POST comments; {args.connections} connections over {args.processes} driver processes",
          flush=True)

    # 1. The maximum, closed loop.
    ramp = 5.0
    _, buckets = run_load(args, ideas, "closed", None, args.max_seconds + ramp, ramp=ramp)
    total = buckets.get(0, Bucket())
    maximum = total.ok / args.max_seconds
    acked += total.comments + buckets.get(-1, Bucket()).comments
    print(f"maximum (closed loop, {args.connections} connections, {args.max_seconds:.0f} s after a "
          f"{ramp:.0f} s ramp): {maximum:,.0f} requests/s, p50 {percentile(total.latency, .5) * 1000:.1f} ms, "
          f"p99 {percentile(total.latency, .99) * 1000:.1f} ms, errors {errors_text(total.errors)}", flush=True)
    print_examples(total)
    rate = args.fraction * maximum
    if rate <= 0:
        sys.exit("the maximum run completed no request")

    # Let the deliveries of the maximum run drain before the soak starts.
    deadline = time.monotonic() + args.drain
    while receiver_counts(args.receiver)["commented"] < acked and time.monotonic() < deadline:
        time.sleep(1)

    # 2. The soak, open loop.
    minutes, warmup = args.minutes, args.warmup_minutes
    print(f"soak: open loop at {rate:,.0f} requests/s ({args.fraction:.0%} of the maximum), "
          f"{minutes} minutes, the first {warmup} warm-up", flush=True)
    print(f"{'min':>4} {'phase':<7} {'rate/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
          f"{'RSS MB':>7} {'fds':>4} {'comments':>9} {'webhooks':>9} {'load':>5}", flush=True)
    samples = {0: proc_sample(args.pid)}  # samples[m]: at the end of minute m (0: at the start)
    delivered = {}
    printed = set()
    rows = {}
    acked_before_soak = acked

    def on_tick(elapsed, buckets, final=False):
        # the sample of minute m is taken 2 s before its end, so that the last one is not taken while
        # the driver closes its connections
        m = int((elapsed + 2) // 60)
        if 1 <= m <= minutes and m not in samples:
            samples[m] = proc_sample(args.pid)
            delivered[m] = receiver_counts(args.receiver)["commented"]
        # a minute's line once its requests have had 5 s to finish and be flushed
        for done in range(1, minutes + 1):
            if done in printed or done not in samples or elapsed < done * 60 + 5 or (done == minutes and not final):
                continue
            bucket = buckets.get(done - 1, Bucket())
            acked_so_far = acked_before_soak + sum(buckets[k].comments for k in buckets if k < done)
            s = samples[done]
            row = {"minute": done, "rate": bucket.ok / 60, "p50": percentile(bucket.latency, .5) * 1000,
                   "p99": percentile(bucket.latency, .99) * 1000, "errors": bucket.error_count(),
                   "rss_mb": s["rss_kb"] / 1024, "fds": s["fds"], "acked": acked_so_far,
                   "delivered": delivered[done], "load": s["load"]}
            rows[done] = row
            phase = "warm-up" if done <= warmup else "soak"
            print(f"{done:>4} {phase:<7} {row['rate']:>7,.0f} {row['p50']:>7.1f} {row['p99']:>7.1f} "
                  f"{row['errors']:>6} {row['rss_mb']:>7.1f} {row['fds']:>4} {row['acked']:>9,} "
                  f"{row['delivered']:>9,} {row['load']:>5.2f}", flush=True)
            printed.add(done)

    _, buckets = run_load(args, ideas, "open", rate, minutes * 60, on_tick=on_tick)
    on_tick(minutes * 60 + 10, buckets, final=True)  # the last minute's line
    soak_total = Bucket()
    for b in buckets.values():
        soak_total.merge(b)
    acked += soak_total.comments
    after_soak = proc_sample(args.pid)

    # 3. Deliveries: every acknowledged comment must arrive.
    drain_start = time.monotonic()
    counts = receiver_counts(args.receiver)
    while counts["commented"] < acked and time.monotonic() - drain_start < args.drain:
        time.sleep(1)
        counts = receiver_counts(args.receiver)
    drained_in = time.monotonic() - drain_start

    # 4. The report.
    w, n = warmup, minutes
    rss_start, rss_end = samples[w]["rss_kb"] / 1024, samples[n]["rss_kb"] / 1024
    rss_growth = (rss_end - rss_start) / rss_start * 100
    p99_first, p99_last = rows[w + 1]["p99"], rows[n]["p99"]
    p99_drift = (p99_last - p99_first) / p99_first * 100
    fds_after = [samples[m]["fds"] for m in range(w, n + 1)]
    fd_ok = all(abs(f - fds_after[0]) <= args.fd_tolerance for f in fds_after)
    missing = acked - counts["commented"]
    verdict = lambda ok: "PASS" if ok else "FAIL"
    print(f"\n# report ({n} minutes, {w} of warm-up; after warm-up means the sample at the end of minute {w})")
    print(f"offered {rate:,.0f}/s; achieved {soak_total.ok / (n * 60):,.0f}/s over the soak; "
          f"{soak_total.ok:,} requests answered 2xx, errors: {errors_text(soak_total.errors)}; "
          f"due but never sent because the server was behind: {soak_total.not_sent:,}")
    print_examples(soak_total)
    print(f"RSS: {rss_start:.1f} MB after warm-up, {rss_end:.1f} MB at the end, growth {rss_growth:+.1f}% "
          f"(peak VmHWM {after_soak['hwm_kb'] / 1024:.1f} MB)  goal < 5%: {verdict(rss_growth < 5)}")
    print(f"p99: {p99_first:.1f} ms in minute {w + 1}, {p99_last:.1f} ms in minute {n}, drift {p99_drift:+.1f}%  "
          f"goal < 20%: {verdict(p99_drift < 20)}")
    print(f"descriptors after warm-up: min {min(fds_after)}, max {max(fds_after)} (at the end of warm-up "
          f"{fds_after[0]}, at the end {fds_after[-1]})  goal flat within ±{args.fd_tolerance}: {verdict(fd_ok)}")
    print(f"webhooks: {counts['commented']:,} idea.commented messages received (distinct webhook-id) of "
          f"{acked:,} comments acknowledged, missing {missing:,}; {counts['requests']:,} POSTs in all "
          f"(retries and duplicates {counts['requests'] - counts['distinct']:,}); drained in {drained_in:.0f} s  "
          f"all delivered: {verdict(missing <= 0)}")
    print(f"errors during the soak: {soak_total.error_count():,}, never sent: {soak_total.not_sent:,}  "
          f"{verdict(soak_total.error_count() == 0 and soak_total.not_sent == 0)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"maximum": maximum, "rate": rate, "rows": list(rows.values()),
                       "rss_growth": rss_growth, "p99_drift": p99_drift, "fds_after": fds_after,
                       "acked": acked, "delivered": counts, "errors": soak_total.errors}, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("receive")
    r.add_argument("--port", type=int, required=True)
    s = sub.add_parser("run")
    s.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    s.add_argument("--token", required=True)
    s.add_argument("--pid", type=int, required=True, help="the pipeline serve process")
    s.add_argument("--receiver", required=True, help="http://127.0.0.1:PORT of `soak.py receive`")
    s.add_argument("--minutes", type=int, default=30)
    s.add_argument("--warmup-minutes", type=int, default=5)
    s.add_argument("--max-seconds", type=float, default=40)
    s.add_argument("--connections", type=int, default=32)
    s.add_argument("--processes", type=int, default=2)
    s.add_argument("--fraction", type=float, default=0.7)
    s.add_argument("--ideas", type=int, default=0, help="submit ideas until there are this many (default: the demo's)")
    s.add_argument("--drain", type=float, default=120, help="seconds to wait for deliveries")
    s.add_argument("--fd-tolerance", type=int, default=5)
    s.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.command == "receive":
        receive(args.port)
    else:
        if not 0 < args.warmup_minutes < args.minutes:
            sys.exit("--warmup-minutes must be at least 1 and less than --minutes")
        run(args)


if __name__ == "__main__":
    main()
