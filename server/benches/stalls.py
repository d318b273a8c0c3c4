"""Sends signed-in page requests, several at a time, each with a client timeout, and counts
the answers that did not arrive whole (a timeout, a broken stream, or a page without its end;
the resources a page resolved follow its `</html>`).

Usage: python3 server/benches/stalls.py BASE_URL COOKIE [REQUESTS] [CONCURRENCY] [TIMEOUT_SECONDS] PATH...
"""
import concurrent.futures
import sys
import urllib.request

base, cookie = sys.argv[1], sys.argv[2]
requests, concurrency, timeout = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
paths = sys.argv[6:]


def fetch(n):
    path = paths[n % len(paths)]
    request = urllib.request.Request(base + path, headers={"Cookie": cookie, "Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return path, response.status == 200 and b"</html>" in body
    except Exception:
        return path, False


incomplete = {}
with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
    for path, whole in pool.map(fetch, range(requests)):
        if not whole:
            incomplete[path] = incomplete.get(path, 0) + 1
print(f"{requests} signed-in page requests over {len(paths)} pages, {concurrency} at a time, {timeout:g} s timeout: "
      f"{sum(incomplete.values())} incomplete {incomplete if incomplete else ''}")
sys.exit(1 if incomplete else 0)
