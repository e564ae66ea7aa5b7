# shieldmap in a container: the pinned dependencies (requirements.lock, as constraints, so only
# the runtime ones are installed), the project, the offline assets, the production settings
# (.streamlit/config.toml). One Streamlit process per container; scale with replicas
# (deploy/k8s/) or processes behind nginx (deploy/systemd/).
#   docker build -t shieldmap . && docker run -p 8501:8501 shieldmap
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first (a layer that changes only with the lock).
COPY requirements.lock pyproject.toml README.md ./
COPY geo ./geo
COPY layers ./layers
COPY shieldmap ./shieldmap
COPY seeds ./seeds
RUN ln -sfn ../seeds geo/seed_data \
    && pip install --constraint requirements.lock . \
    && python -m shieldmap.web.assets static

COPY app.py ./
COPY .streamlit ./.streamlit

# A user without privileges; it may write only the layer files (static/layers/, content-addressed).
RUN useradd --uid 10001 --no-create-home --home-dir /tmp shieldmap \
    && mkdir -p static/layers && chown shieldmap static/layers
USER 10001
ENV HOME=/tmp

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
