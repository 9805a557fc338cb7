FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir -e . || true
COPY . .
RUN pip install --no-cache-dir -e . \
 && DJANGO_SETTINGS_MODULE=config.settings.local python manage.py collectstatic --noinput
RUN useradd --create-home instroom && mkdir -p /app/var/uploads && chown -R instroom /app/var
USER instroom
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"]
