# syntax=docker/dockerfile:1.7
#
# One image for every process of the platform: the four Nameko services, their
# one-shot migrations and the Flask gateway. The process is chosen by the command
# (compose `command:`, Kubernetes `command:`); the default CMD runs the gateway.
#
# The base image is pinned by an exact tag. For reproducible release builds also
# pin its digest, e.g. --build-arg PYTHON_IMAGE=python:3.11.13-slim-bookworm@sha256:...
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

# --- builder: turn requirements.txt and the project into wheels -----------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Compilers and libpq headers only live here, for any requirement that has no
# wheel for this platform (psycopg2 from source, for example).
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN pip wheel --wheel-dir /wheels/deps -r requirements.txt \
 && cp requirements.txt /wheels/requirements.txt

# Then the project itself (kit, services, gateway), without its dependencies.
COPY . .
RUN pip wheel --no-deps --wheel-dir /wheels/app .

# --- runtime --------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    EVENTLET_NO_GREENDNS=yes \
    HOST=0.0.0.0 \
    PORT=8080 \
    WEB_SERVER_ADDRESS=0.0.0.0:8000 \
    VAR_DIR=/tmp/var

# VAR_DIR: the root filesystem is read-only in compose and Kubernetes; local state
# the code would keep under the package directory goes to the /tmp mount instead.

# libpq5: runtime library for psycopg2 when it was built from source.
# uid/gid 10001: matches runAsUser in deploy/k8s and stays clear of host users.
# /var/lib/platform/attachments: orders' ATTACHMENTS_DIR mount point, owned by the app
# user so a fresh compose volume is writable (Kubernetes sets fsGroup instead).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid 10001 --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin app \
 && install -d -o 10001 -g 10001 /var/lib/platform/attachments

# Same two steps as a developer install (requirements, then the project with
# --no-deps), from the builder's wheels only; the wheels never land in a layer.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels/deps -r /wheels/requirements.txt \
 && pip install --no-index --no-deps /wheels/app/*.whl

WORKDIR /app

# Numeric so that Kubernetes runAsNonRoot can verify it.
USER 10001:10001

# 8080: gateway (PORT); 8081: the web app (WEB_PORT); 8000: a Nameko service's health/metrics server (WEB_SERVER_ADDRESS).
EXPOSE 8080 8081 8000

# No HEALTHCHECK here: the same image listens on 8080 (gateway) or 8000 (services),
# so compose and Kubernetes declare the right probe for each process.

# Exec form: gunicorn is PID 1 and receives SIGTERM directly.
CMD ["gunicorn", "--config", "python:gateway.gunicorn_conf", "gateway.wsgi:app"]
