"""`make edit`: preview at http://127.0.0.1:8000/ and Decap CMS at /admin/ (see README).

Usage: python scripts/edit.py [--port 8000] [--backend-port 8081] [--root .]
"""

import sys

from bantin.editor.run import main

if __name__ == "__main__":
    sys.exit(main())
