ufw allow {{port}} comment {{comment}} >/dev/null
