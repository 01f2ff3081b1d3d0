"""The terminal-echo baseline: `docker exec -it` on a pseudo-terminal, as a terminal emulator runs it.

Usage: docker-exec-echo.py CONTAINER USER ROUNDS WARMUP
Starts `docker exec -it` with a login shell in CONTAINER on a pty of its own, waits for the prompt, then per round
types one letter and times until its echo comes back on the pty, and erases it again (untimed). Prints one line of
JSON: {"ms": [...]} with the timed rounds in milliseconds.
"""
import json
import os
import pty
import select
import sys
import time

SHELL = "if command -v bash >/dev/null 2>&1; then exec bash -l; fi; exec sh -l"
# The shell computes the mark, so the echo of the typed command does not contain it.
PROMPT_MARK = b"vibe-bench-2"


class PtyReader:
    """What the pty has sent and not yet been consumed by a wait."""

    def __init__(self, fd):
        self.fd = fd
        self.pending = b""

    def read_until(self, wanted, deadline):
        """Waits until `wanted` has arrived and consumes the output up to its end."""
        while wanted not in self.pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"waited for {wanted!r}, got {self.pending[-200:]!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                chunk = os.read(self.fd, 4096)
                if not chunk:
                    raise EOFError(f"docker exec ended while waiting for {wanted!r}: {self.pending[-200:]!r}")
                self.pending += chunk
        end = self.pending.index(wanted) + len(wanted)
        self.pending = self.pending[end:]


def main():
    container, user, rounds, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("docker", ["docker", "exec", "-it", "-u", user, "-w", "/workspace", "-e", "TERM=xterm-256color",
                             container, "sh", "-c", SHELL])
    reader = PtyReader(fd)
    deadline = time.monotonic() + 30
    os.write(fd, b"echo vibe-bench-$((1+1))\n")
    reader.read_until(PROMPT_MARK + b"\r\n", deadline)
    reader.read_until(b"$ ", deadline)
    times = []
    for i in range(warmup + rounds):
        letter = b"abcdefghijklmnopqrstuvwxyz"[i % 26:i % 26 + 1]
        started = time.perf_counter()
        os.write(fd, letter)
        reader.read_until(letter, time.monotonic() + 10)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= warmup:
            times.append(elapsed)
        os.write(fd, b"\x7f")
        reader.read_until(b"\b", time.monotonic() + 10)
    os.write(fd, b"exit\n")
    try:
        reader.read_until(b"never", time.monotonic() + 5)
    except (EOFError, OSError, TimeoutError):
        pass
    os.waitpid(pid, 0)
    print(json.dumps({"ms": times}))


if __name__ == "__main__":
    main()
