"""`make bench`: serve the site as production does and measure it with a real load generator.

- gunicorn with DEBUG off, static files collected and served by whitenoise (compressed,
  hashed names), PostgreSQL when DATABASE_URL is set, else a fresh SQLite file;
- a large conference (300 sessions, 100 speakers, 5,000 registrations, bench/fill.py);
- wrk (Debian's package), only against 127.0.0.1, for a bounded time per URL:
  requests per second and p50/p99 latency of /healthz, the event page, the programme page,
  the programme feed and the conference .ics (plain and conditional) and the registration
  POST, the event and programme pages again in Russian and Chinese (/ru/..., /zh-hans/...),
  each page's throughput as a ratio to /healthz (and each language's lowest, target 0.8),
  and the compressed bytes of the event page with its CSS and JS;
- then again with the public page cache off (PUBLIC_PAGE_CACHE=False): the programme page
  (in the event's zone and with `?tz=`), the feed and the speakers page, one request at a
  time for the server time of one render, and under the usual load for throughput (the
  programme's rows, worked out once per content version, are kept all the same: they
  are not a page, and a zone no page was cached for meets them too).

Not a test: it prints figures (and writes them to bench/results/latest.json).
"""

import argparse
import contextlib
import gzip
import html.parser
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import brotli
from production_env import production_settings

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
SLUG = "bench-large-conference"
# The site's languages other than English (unprefixed): their pages are measured too.
LANGUAGE_PREFIXES = ("ru", "zh-hans")
# What each language's cached pages must reach, as a ratio to /healthz.
LANGUAGE_TARGET = 0.8
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port):
    env = dict(os.environ)
    env.update(
        production_settings(site_url=f"http://127.0.0.1:{port}", allowed_hosts="127.0.0.1"),
        # Every request comes from 127.0.0.1: the per-address form limit would stop the
        # registration POST after a few requests and measure the rate limiter instead.
        FORM_RATE_LIMIT="100000000/h",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=BASE_DIR, env=env, check=True, **kwargs)


class Forms(html.parser.HTMLParser):
    """The links, assets and the POST form's fields of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.assets, self.fields = [], [], []
        self.form_action = None
        self._in_post_form = False
        self._select = None
        self._in_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append([attrs["href"], ""])
            self._in_link = True
        elif tag == "link" and attrs.get("rel") in {"stylesheet", "icon"}:
            self.assets.append(attrs["href"])
        elif tag in {"script", "img"} and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            if self.form_action is None:
                self.form_action = attrs.get("action") or ""
                self._in_post_form = True
        elif self._in_post_form and tag in {"input", "textarea"}:
            self.fields.append({"tag": tag, **attrs})
        elif self._in_post_form and tag == "select":
            self._select = {"tag": "select", "name": attrs.get("name"), "options": []}
            self.fields.append(self._select)
        elif self._select is not None and tag == "option":
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_link = False
        elif tag == "form":
            self._in_post_form = False
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._in_link:
            self.links[-1][1] += data


def parse(page):
    parser = Forms()
    parser.feed(page)
    return parser


def fetch(url, headers=None, data=None):
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout} s")


def registration_form(base, event_page):
    """The registration form linked from the event page: its URL, cookie and POST body.

    The body is filled the way a person fills it (online attendance, privacy consent) with
    BENCH_LOCAL standing for a unique local part of the email address.
    """
    links = parse(event_page).links
    register = next((href for href, text in links if text.strip().lower() == "register"), None)
    if register is None:
        return None
    url = urllib.parse.urljoin(base + "/", register)
    _, headers, body = fetch(url)
    page = parse(body.decode())
    if page.form_action is None:
        return None
    cookie = SimpleCookie(headers.get("Set-Cookie", ""))
    values = {}
    for field in page.fields:
        name = field.get("name")
        if not name:
            continue
        kind = field.get("type", "text")
        if name == "csrfmiddlewaretoken":
            values[name] = field["value"]
        elif name.endswith("email"):
            values[name] = "BENCH_LOCAL@example.org"
        elif field["tag"] == "select":
            options = [value for value in field["options"] if value]
            values[name] = "DE" if "DE" in options else (options[0] if options else "")
        elif kind == "radio":
            # The first choice, unless online attendance is one of them.
            if name not in values or field.get("value") == "online":
                values[name] = field.get("value", "")
        elif kind == "checkbox":
            if "consent" in name or "required" in field:
                values[name] = field.get("value", "on")
        elif kind in {"text", "textarea"} and "required" in field:
            values[name] = "Bench"
        elif kind == "hidden":
            values[name] = field.get("value", "")
    body = urllib.parse.urlencode(values)
    action = urllib.parse.urljoin(url, page.form_action or url)
    return {
        "url": action,
        "cookie": "; ".join(f"{key}={morsel.value}" for key, morsel in cookie.items()),
        "body": body,
    }


def post_script(form):
    """A wrk script that posts the form with a new email address on every request."""
    path = urllib.parse.urlsplit(form["url"]).path
    script = RESULTS / "register.lua"
    script.write_text(
        f"""
local counter = 0
-- Each thread gets its own prefix (thread:set sets a global in the thread), unique to this
-- run, so no two requests ever send the same address, even against a kept database.
prefix = ""
local threads = 0
local body = {json.dumps(form["body"])}
local headers = {{
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = {json.dumps(form["cookie"])},
  ["Referer"] = {json.dumps(form["url"])},
}}
function setup(thread)
  threads = threads + 1
  thread:set("prefix", "{secrets.token_hex(4)}-" .. threads)
end
function request()
  counter = counter + 1
  local localpart = "bench-" .. prefix .. "-" .. counter
  return wrk.format("POST", {json.dumps(path)}, headers, (body:gsub("BENCH_LOCAL", localpart)))
end
"""
    )
    return script


def wrk(url, args, script=None, headers=()):
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        "--latency",
    ]
    # What every browser sends; whitenoise and the page cache answer it with compressed bodies.
    for header in ("Accept-Encoding: gzip, deflate, br", *headers):
        command += ["--header", header]
    if script:
        command += ["--script", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=args.duration + 60
    ).stdout

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return round(float(match[1]) * UNITS[match[2]], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "non_2xx_3xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def page_weight(base, event_path):
    """Bytes on the wire for the event page and everything it loads, compressed.

    Static files are measured as whitenoise serves them (it picks its precompressed
    brotli or gzip file by Accept-Encoding); the HTML itself, which Django sends
    uncompressed, as brotli and gzip would make it at the CDN or proxy.
    """
    _, _, page = fetch(base + event_path)
    rows = [
        {
            "url": event_path,
            "raw": len(page),
            "br": len(brotli.compress(page)),
            "gzip": len(gzip.compress(page)),
        }
    ]
    for asset in dict.fromkeys(parse(page.decode()).assets):
        url = urllib.parse.urljoin(base + event_path, asset)
        row = {"url": urllib.parse.urlsplit(url).path}
        _, _, raw = fetch(url, {"Accept-Encoding": "identity"})
        row["raw"] = len(raw)
        for encoding in ("br", "gzip"):
            _, headers, body = fetch(url, {"Accept-Encoding": encoding})
            row[encoding] = len(body) if headers.get("Content-Encoding") == encoding else len(raw)
        rows.append(row)
    total = {key: sum(row[key] for row in rows) for key in ("raw", "br", "gzip")}
    return rows, total


def count_bench_registrations(env):
    code = (
        "import django; django.setup()\n"
        "from registration.models import Registration\n"
        "print(Registration.objects.filter(email__startswith='bench-').count())"
    )
    result = run([PYTHON, "-c", code], env, capture_output=True, text=True)
    return int(result.stdout.strip())


@contextlib.contextmanager
def serve(port, args, env):
    server = subprocess.Popen(
        [
            GUNICORN,
            "conference_site.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--worker-tmp-dir=/dev/shm",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (default 10)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("The benchmark needs wrk: apt-get install wrk (make bench does it).")

    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = bench_env(port)
    if "DATABASE_URL" not in os.environ:
        (RESULTS / "bench.sqlite3").unlink(missing_ok=True)
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"Preparing: collectstatic, migrate, seed and the large conference on {database} ...")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity=0"], env)
    run([PYTHON, "bench/fill.py"], env)

    base = f"http://127.0.0.1:{port}"
    with serve(port, args, env):
        results = measure(base, args, env)
    print("Restarting gunicorn with the public page cache off (PUBLIC_PAGE_CACHE=False) ...")
    with serve(port, args, {**env, "PUBLIC_PAGE_CACHE": "False"}):
        results["uncached"] = measure_uncached(base, args)
    results["setup"] = {
        "database": database,
        "gunicorn_workers": args.workers,
        "wrk": f"{args.threads} threads, {args.connections} connections, {args.duration} s per URL",
        "cpus": os.cpu_count(),
    }
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    report(results)


def measure(base, args, env):
    event = f"/events/{SLUG}/"
    urls = {
        "/healthz": "/healthz",
        "event page": event,
        "programme page": f"/events/{SLUG}/programme/",
        "programme feed": f"/events/{SLUG}/programme.ics",
        "conference .ics": f"/events/{SLUG}/calendar.ics",
    }
    # The same cached pages in Russian and Chinese (each language is its own cache entry).
    for prefix in LANGUAGE_PREFIXES:
        urls[f"event page, {prefix}"] = f"/{prefix}{event}"
        urls[f"programme page, {prefix}"] = f"/{prefix}/events/{SLUG}/programme/"
    results = {"pages": {}}
    for name, path in urls.items():
        status, headers, _ = fetch(base + path)
        print(f"Measuring {name} ({path}, {status}) for {args.duration} s ...")
        results["pages"][name] = {"path": path, **wrk(base + path, args)}
        if name in ("programme feed", "conference .ics") and headers.get("ETag"):
            conditional = [f"If-None-Match: {headers['ETag']}"]
            try:
                fetch(base + path, {"If-None-Match": headers["ETag"]})
                not_modified = False
            except urllib.error.HTTPError as error:
                not_modified = error.code == 304
            if not_modified:
                print(f"Measuring {name}, conditional (304) ...")
                results["pages"][f"{name} (304)"] = {
                    "path": path,
                    **wrk(base + path, args, headers=conditional),
                }

    _, _, event_page = fetch(base + event)
    form = registration_form(base, event_page.decode())
    if form is None:
        results["registration"] = "not measured: the event page links to no registration form"
    else:
        before = count_bench_registrations(env)
        print(f"Measuring the registration POST ({form['url']}) ...")
        path = urllib.parse.urlsplit(form["url"]).path
        results["pages"]["registration POST"] = {
            "path": path,
            **wrk(form["url"], args, script=post_script(form)),
        }
        results["pages"]["registration POST"]["registrations_created"] = (
            count_bench_registrations(env) - before
        )

    healthz = results["pages"]["/healthz"]["rps"]
    for row in results["pages"].values():
        row["ratio_to_healthz"] = round(row["rps"] / healthz, 3) if healthz else None
    results["weight"], results["weight_total"] = page_weight(base, event)
    return results


def measure_uncached(base, args):
    """What a page costs when the cache cannot answer (every `?tz=` zone, every page right
    after an organiser's save): one connection at a time, so the latency is the server's
    time for one render, and the throughput of all workers with the usual connections."""
    urls = {
        "programme page": f"/events/{SLUG}/programme/",
        "programme page, ?tz=": f"/events/{SLUG}/programme/?tz=Asia/Kathmandu",
        "programme feed": f"/events/{SLUG}/programme.ics",
        "speakers page": f"/events/{SLUG}/speakers/",
    }
    one_at_a_time = argparse.Namespace(**{**vars(args), "connections": 1, "threads": 1})
    rows = {}
    for name, path in urls.items():
        status, _, body = fetch(base + path)
        print(f"Measuring {name} uncached ({path}, {status}, {len(body)} bytes) ...")
        single = wrk(base + path, one_at_a_time)
        loaded = wrk(base + path, args)
        rows[name] = {
            "path": path,
            "server_ms_p50": single["p50_ms"],
            "server_ms_p99": single["p99_ms"],
            "rps": loaded["rps"],
            "p50_ms": loaded["p50_ms"],
            "p99_ms": loaded["p99_ms"],
            "non_2xx_3xx": single["non_2xx_3xx"] + loaded["non_2xx_3xx"],
        }
    return rows


def language_ratios(pages):
    """The lowest ratio to /healthz of the event and programme pages, per language."""
    ratios = {}
    for language, suffix in [("en", ""), *[(p, f", {p}") for p in LANGUAGE_PREFIXES]]:
        rows = [pages[f"{name}{suffix}"] for name in ("event page", "programme page")]
        ratios[language] = min(row["ratio_to_healthz"] for row in rows)
    return ratios


def report(results):
    print()
    print(f"Setup: {results['setup']}")
    print()
    print(f"{'URL':<24} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'/healthz':>9}  errors")
    for name, row in results["pages"].items():
        errors = row["non_2xx_3xx"]
        created = row.get("registrations_created")
        extra = f"  created {created} of {row['requests']}" if created is not None else ""
        print(
            f"{name:<24} {row['rps']:>9.1f} {row['p50_ms']:>9.2f} {row['p99_ms']:>9.2f} "
            f"{row['ratio_to_healthz']:>9.3f}  {errors}{extra}"
        )
    if isinstance(results.get("registration"), str):
        print(f"registration POST: {results['registration']}")
    print()
    print(f"Cached pages per language, lowest ratio to /healthz (target {LANGUAGE_TARGET}):")
    for language, ratio in language_ratios(results["pages"]).items():
        verdict = "ok" if ratio >= LANGUAGE_TARGET else "BELOW TARGET"
        print(f"{language:<24} {ratio:>9.3f}  {verdict}")
    print()
    print("Uncached (PUBLIC_PAGE_CACHE=False): server time of one render at a time, and")
    print(f"throughput with {results['setup']['wrk']}")
    print(f"{'URL':<24} {'server p50':>11} {'p99 ms':>9} {'req/s':>9} {'p50 ms':>9}  errors")
    for name, row in results.get("uncached", {}).items():
        print(
            f"{name:<24} {row['server_ms_p50']:>11.2f} {row['server_ms_p99']:>9.2f} "
            f"{row['rps']:>9.1f} {row['p50_ms']:>9.2f}  {row['non_2xx_3xx']}"
        )
    print()
    print(f"{'Event page and assets':<56} {'raw':>8} {'brotli':>8} {'gzip':>8}")
    for row in results["weight"]:
        print(f"{row['url'][:56]:<56} {row['raw']:>8} {row['br']:>8} {row['gzip']:>8}")
    total = results["weight_total"]
    print(f"{'total bytes':<56} {total['raw']:>8} {total['br']:>8} {total['gzip']:>8}")


if __name__ == "__main__":
    main()
