systemctl restart {{unit}}
