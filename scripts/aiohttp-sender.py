#!/usr/bin/env python3
"""Sends the signed webhook requests of a requests.jsonl file with aiohttp over CONNECTIONS
connections, for comparison with pipeline's delivery worker (scripts/bench-webhooks.sh).

usage: aiohttp-sender.py requests.jsonl [connections]
"""
import asyncio
import json
import sys
import time

import aiohttp


async def main(path: str, connections: int) -> None:
    with open(path, encoding="utf-8") as handle:
        requests = [json.loads(line) for line in handle]
    queue: asyncio.Queue = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    failures = 0

    async def sender(session: aiohttp.ClientSession) -> None:
        nonlocal failures
        while True:
            try:
                request = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            async with session.post(
                request["url"], data=request["body"].encode(), headers=request["headers"], allow_redirects=False
            ) as response:
                await response.read()
                if not 200 <= response.status < 300:
                    failures += 1

    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=15, connect=5)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        start = time.perf_counter()
        await asyncio.gather(*(sender(session) for _ in range(connections)))
        seconds = time.perf_counter() - start
    print(
        f"aiohttp: {len(requests)} requests in {seconds:.2f} s = {int(len(requests) / seconds)}/s, "
        f"{connections} connections, failed {failures}"
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 64))
