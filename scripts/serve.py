"""`make serve`: `mkdocs serve --dirty` on 127.0.0.1:8000 that answers only requests
whose Host is 127.0.0.1:8000 or localhost:8000 (403 otherwise: DNS rebinding).

Usage: python scripts/serve.py [--port 8000] [other `mkdocs serve` options]
"""

import argparse
import sys
from pathlib import Path

from bantin.editor.run import serve

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="serve")
    parser.add_argument("--port", type=int, default=8000)
    args, rest = parser.parse_known_args()
    # MkDocs' own lines follow, said in Vietnamese by the plugin (bantin/mkdocslog.py).
    print(f"Bản xem trước: http://127.0.0.1:{args.port}/ (mở được khi dòng \"Bản xem trước đã sẵn sàng\" hiện ra). "
          "Dừng: nhấn Ctrl+C.", flush=True)
    try:
        serve(Path.cwd(), args.port, extra=rest)
    except KeyboardInterrupt:
        pass
    sys.exit(0)
