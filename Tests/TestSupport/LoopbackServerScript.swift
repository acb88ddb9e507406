/// The python3 program behind `LoopbackServer`; written to the server's temp folder at start.
///
/// argv: root port-file log-file [cert key]. Exits when its stdin reaches EOF (the test process died
/// or `stop()` closed it), so no server outlives its tests.
let loopbackServerScript = #"""
import http.server, json, os, socket, ssl, sys, threading, time, urllib.parse

root, port_file, log_file = os.path.realpath(sys.argv[1]), sys.argv[2], sys.argv[3]
cert, key = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
lock = threading.Lock()
counters = {}


def bump(key):
    with lock:
        counters[key] = counters.get(key, 0) + 1
        return counters[key]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.route(head=False)

    def do_HEAD(self):
        self.route(head=True)

    def record(self):
        entry = {"method": self.command, "path": self.path,
                 "range": self.headers.get("Range"), "userAgent": self.headers.get("User-Agent"),
                 "time": time.monotonic()}
        with lock:
            with open(log_file, "a") as log:
                log.write(json.dumps(entry) + "\n")

    def route(self, head):
        self.record()
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        parts = path.lstrip("/").split("/")
        first, rest = parts[0], parts[1:]
        try:
            if first == "status" and rest:
                return self.send_status(int(rest[0]))
            if first == "flaky" and len(rest) >= 2:
                if bump(("flaky", path)) <= int(rest[0]):
                    return self.send_status(500)
                return self.send_file("/".join(rest[1:]), head)
            if first == "busy" and len(rest) >= 4:
                if bump(("busy", path)) <= int(rest[2]):
                    return self.send_status(int(rest[0]), {"Retry-After": rest[1]})
                return self.send_file("/".join(rest[3:]), head)
            if first == "drop" and len(rest) >= 2:
                first_time = bump(("drop", path)) == 1
                return self.send_file("/".join(rest[1:]), head, drop_after=int(rest[0]) if first_time else None)
            if first == "slow" and rest:
                if len(rest) >= 2 and rest[0].isdigit():
                    return self.send_file("/".join(rest[1:]), head, rate=int(rest[0]))
                return self.send_file("/".join(rest), head, rate=100)
            if first == "redirect" and rest:
                return self.send_redirect("/" + "/".join(rest))
            if first == "redirect-loop":
                return self.send_redirect(self.path)
            if first == "corrupt" and rest:
                return self.send_file("/".join(rest), head, corrupt=True)
            if first == "norange" and rest:
                return self.send_file("/".join(rest), head, ignore_range=True)
        except ValueError:
            return self.send_status(400)
        return self.send_file("/".join(parts), head)

    def send_status(self, code, extra=None):
        body = ("status %d\n" % code).encode()
        self.send_response(code)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_file(self, relative, head, drop_after=None, rate=None, corrupt=False, ignore_range=False):
        full = os.path.realpath(os.path.join(root, relative))
        if not (full == root or full.startswith(root + os.sep)) or not os.path.isfile(full):
            return self.send_status(404)
        with open(full, "rb") as f:
            data = f.read()
        if corrupt and data:
            data = data[:-1] + bytes([data[-1] ^ 0xFF])
        total = len(data)
        start, end, status = 0, total - 1, 200
        wanted = None if ignore_range else self.headers.get("Range")
        if wanted and wanted.startswith("bytes=") and "," not in wanted:
            first, _, last = wanted[len("bytes="):].partition("-")
            try:
                start = int(first)
                end = int(last) if last else total - 1
            except ValueError:
                return self.send_status(416, {"Content-Range": "bytes */%d" % total})
            if start >= total or end < start:
                return self.send_status(416, {"Content-Range": "bytes */%d" % total})
            end = min(end, total - 1)
            status = 206
        body = data[start:end + 1]
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, total))
        self.end_headers()
        if head:
            return
        try:
            if drop_after is not None:
                self.wfile.write(body[:drop_after])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif rate:
                step = max(1, rate // 10)
                for offset in range(0, len(body), step):
                    self.wfile.write(body[offset:offset + step])
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # failed TLS handshakes and dropped clients are part of the tests


server = Server(("127.0.0.1", 0), Handler)
if cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)


def watch_stdin():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


threading.Thread(target=watch_stdin, daemon=True).start()
server.serve_forever()
"""#
