FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SEARCHSVC_INDEX=/srv/index

RUN useradd --create-home --uid 10001 searchsvc
WORKDIR /app
COPY setup.cfg pyproject.toml README.md ./
COPY searchsvc ./searchsvc
COPY seeds ./seeds
COPY docker-entrypoint.sh /usr/local/bin/
RUN pip install --no-cache-dir . \
    && mkdir -p /srv/index && chown searchsvc /srv/index

# The index lives on a volume: built from seeds/ on first start, replaced by
# `searchsvc index` generations later, kept across container upgrades.
VOLUME /srv/index
USER searchsvc

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/health', timeout=4).status != 200)"
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["gunicorn", "-c", "python:searchsvc.serve.gunicorn_conf", "--bind", "0.0.0.0:8000", "searchsvc.wsgi:app"]
