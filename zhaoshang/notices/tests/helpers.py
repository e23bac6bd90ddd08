"""Users with names and addresses, and a local robot (HTTP server) for the notices tests."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from zhaoshang.core.tests.users import make_user


def person(full_name, role=None, group=None, email=None):
    user = make_user(role, group)
    user.first_name = full_name
    user.email = f"{user.username}@example.cn" if email is None else email
    user.save(update_fields=["first_name", "email"])
    return user


class Robot:
    """A 企业微信 / 钉钉 robot on 127.0.0.1: records what it is sent, answers as told."""

    def __init__(self):
        self.received = []  # (path, content type, JSON body)
        self.status = 200
        self.answer = {"errcode": 0, "errmsg": "ok"}
        self.hang = threading.Event()  # set: the robot never answers (until the test ends)
        self.released = threading.Event()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                robot.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
                if robot.hang.is_set():
                    robot.released.wait(5)
                    return
                data = json.dumps(robot.answer).encode()
                self.send_response(robot.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
