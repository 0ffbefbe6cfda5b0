FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SEARCHSVC_INDEX=/srv/index

RUN useradd --create-home --uid 10001 searchsvc
WORKDIR /app
COPY setup.cfg pyproject.toml README.md ./
COPY searchsvc ./searchsvc
COPY seeds ./seeds
RUN pip install --no-cache-dir . \
    && mkdir -p /srv/index && chown searchsvc /srv/index

USER searchsvc
RUN searchsvc index seeds --index /srv/index

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status != 200)"
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "searchsvc.wsgi:app"]
