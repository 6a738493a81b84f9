swapoff -a
