if [ -e {{path}} ] || [ -L {{path}} ]; then echo present={{path}}; fi
