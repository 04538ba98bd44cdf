# Sourced by the benchmark scripts: start_nginx FOLDER PORT starts Debian's nginx answering 204 to
# every request on 127.0.0.1:PORT, with its files in FOLDER/nginx, and sets nginx_pid. Installs
# nginx with apt-get when it is missing.
start_nginx() {
    local folder=$1 port=$2 sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    command -v nginx >/dev/null || { $sudo apt-get update -qq && $sudo apt-get install -y -qq nginx; }
    mkdir -p "$folder/nginx/logs"
    cat > "$folder/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $folder/nginx/nginx.pid;
error_log $folder/nginx/logs/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:$port; location / { return 204; } } }
CONF
    nginx -c "$folder/nginx/nginx.conf" -p "$folder/nginx" -g 'daemon off;' &
    nginx_pid=$!
    sleep 1
}
