#!/bin/sh
# Written by kboot: the ports Kubernetes needs, commented "{{comment}}". kboot reset removes this.
