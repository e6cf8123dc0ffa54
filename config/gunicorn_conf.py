"""gunicorn config file (`gunicorn -c config/gunicorn_conf.py wsgi:feedback`): the access log keeps no address."""
from config.gunicorn import ACCESS_LOG_FORMAT, OPTIONS

accesslog = OPTIONS["accesslog"]
access_log_format = ACCESS_LOG_FORMAT
worker_class = OPTIONS["worker_class"]
threads = OPTIONS["threads"]
timeout = OPTIONS["timeout"]
