"""The form editor (`make edit`): Decap CMS on the local repository.

MkDocs-free parts: `decap` generates Decap's configuration from the contract and
`content/vocab/` at each start; `guard` holds the Host and Origin checks shared by the
preview server (`scripts/serve.py`, `scripts/edit.py`); `backend.js` runs decap-server's
middlewares behind the same checks, on 127.0.0.1 only.
"""
