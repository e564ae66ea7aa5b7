# shieldmap in a container: the app's pinned dependencies (requirements-app.lock: the pins of
# requirements.lock without the test tools, both made by `make lock`), the project built as a wheel,
# the offline assets, the production settings (.streamlit/config.toml). One Streamlit process per
# container; scale with replicas (deploy/k8s/) or processes behind nginx (deploy/systemd/).
#   docker build -t shieldmap . && docker run -p 8501:8501 shieldmap

# The project as a wheel (the seeds copied in as geo/seed_data); only the wheel leaves this stage.
FROM python:3.11-slim AS wheel
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY geo ./geo
COPY layers ./layers
COPY shieldmap ./shieldmap
COPY seeds ./seeds
# The build (setup.py) compiles the translations (.po -> .mo) into the wheel
RUN ln -sfn ../seeds geo/seed_data && pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# An init as PID 1 (Debian's tini): it reaps orphaned processes (an upload worker left when the
# fork server dies would otherwise stay <defunct>) and passes signals on to Streamlit.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*

# Dependencies first, from the lock alone: this layer changes only with requirements-app.lock.
COPY requirements-app.lock ./
RUN pip install --no-deps -r requirements-app.lock

# The code, once: the wheel installed into site-packages (no second copy in /app), then the
# offline assets (Leaflet, the basemap, the map's scripts) written into /app/static.
RUN --mount=type=bind,from=wheel,source=/wheels,target=/wheels \
    pip install --no-deps /wheels/shieldmap-*.whl \
    && python -m shieldmap.web.assets static

COPY app.py ./
COPY .streamlit ./.streamlit

# A user without privileges; it may write only the layer files (static/layers/, content-addressed).
RUN useradd --uid 10001 --no-create-home --home-dir /tmp shieldmap \
    && mkdir -p static/layers && chown shieldmap static/layers
USER 10001
ENV HOME=/tmp

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
