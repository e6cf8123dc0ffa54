"""gunicorn config file (`gunicorn -c config/gunicorn_conf.py wsgi:feedback`): the logs keep no client address."""

from config.gunicorn import OPTIONS

accesslog = OPTIONS["accesslog"]
access_log_format = OPTIONS["access_log_format"]
logger_class = OPTIONS["logger_class"]
worker_class = OPTIONS["worker_class"]
threads = OPTIONS["threads"]
timeout = OPTIONS["timeout"]
control_socket_disable = OPTIONS["control_socket_disable"]
