"""A small web app on Python's standard library: `python3 app.py`, then open port 8000."""

import json
import os
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8000"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.reply(200, "application/json", json.dumps({"ok": True}))
            return
        now = datetime.now(timezone.utc).isoformat()
        self.reply(
            200,
            "text/html; charset=utf-8",
            "<!doctype html><title>Hello from Python</title>"
            "<h1>Hello from Python</h1>"
            "<p>Edit <code>app.py</code> and run <code>python3 app.py</code> again.</p>"
            f"<p>Served at {now}.</p>",
        )

    def reply(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    # 0.0.0.0, not localhost: the preview reaches the server from outside the container.
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    print(f"Serving on http://0.0.0.0:{PORT}", flush=True)
    server.serve_forever()
