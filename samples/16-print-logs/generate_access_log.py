#!/usr/bin/env python3
"""Writes the sample access log (access.log) that 16-print-logs parses.

Deterministic (a fixed seed): rerunning it gives the same file. Every quarter
of the file mentions every endpoint and every user, so the racy program's
four workers always update the same counters.
Usage: generate_access_log.py [LINES] > access.log
"""
import random
import sys

USERS = ["alice", "bob", "carol", "dave", "erin"]
ENDPOINTS = ["/", "/login", "/search", "/cart", "/checkout", "/product/42", "/product/7"]
WEIGHTS = [30, 12, 20, 10, 4, 14, 10]


def main():
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rng = random.Random(2026)
    out = []
    for i in range(lines):
        if i % (lines // 4) < len(ENDPOINTS):  # each quarter starts with every endpoint
            endpoint = ENDPOINTS[i % (lines // 4)]
            user = USERS[i % (lines // 4) % len(USERS)]
        else:
            endpoint = rng.choices(ENDPOINTS, WEIGHTS)[0]
            user = rng.choice(USERS)
        status = 200 if rng.random() < 0.9 else rng.choice([302, 404, 500])
        size = rng.randint(200, 9000)
        ip = f"10.0.0.{USERS.index(user) + 10}"
        minute, second = divmod(i * 7, 60)
        out.append(f'{ip} - {user} [26/Nov/2026:10:{minute % 60:02d}:{second:02d} +0000] '
                   f'"GET {endpoint} HTTP/1.1" {status} {size}')
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
