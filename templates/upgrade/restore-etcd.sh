rm -rf {{dataDir}}
cp -a {{backup}} {{dataDir}}
