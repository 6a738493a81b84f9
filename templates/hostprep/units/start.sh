systemctl start {{unit}}
