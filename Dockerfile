# The ledger's image: the repository installed into a virtual environment.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api api
COPY audit audit
COPY domain domain
COPY finance finance
COPY projections projections
COPY scripts scripts
COPY data data
RUN python -m venv /app/.venv && /app/.venv/bin/pip install --no-cache-dir -e .
ENV PATH="/app/.venv/bin:$PATH"
ENTRYPOINT ["khuyencong"]
CMD ["serve"]
