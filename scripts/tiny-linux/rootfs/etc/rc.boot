#!/bin/sh
# Boot of a Stratus real VM: network, metadata, key, user data, web server.
ID=$(sed -n 's/.*stratus\.id=\([^ ]*\).*/\1/p' /proc/cmdline)
echo
echo "==== Stratus Tiny Linux: instance $ID ===="
for m in virtio_ring virtio virtio_mmio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net button evdev; do
  [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko 2>/dev/null
done
# The power button is heard from here on (an earlier press is pressed again by the host).
acpid -l /run/acpid.log
hostname "${ID:-tiny}"
ifconfig lo 127.0.0.1 up
# eth0: the instance's private address; eth1: link-local, where 169.254.169.254 answers.
for nic in eth0 eth1; do
  udhcpc -i $nic -s /etc/udhcpc/default.script -q -n -t 10 -T 1 2>&1 | sed "s/^/$nic: /"
done
# (busybox's static wget crashes with -T, so timeout bounds it instead)
md() { timeout 5 wget -q -O "$2" "http://169.254.169.254/latest/$1"; }
if md meta-data/instance-id /run/instance-id; then
  echo "stratus: metadata says instance-id $(cat /run/instance-id)"
else
  echo "stratus: metadata service unreachable"
  echo "$ID" > /run/instance-id
fi
mkdir -p /root/.ssh /www
if md meta-data/public-keys/0/openssh-key /root/.ssh/authorized_keys; then
  chmod 700 /root/.ssh; chmod 600 /root/.ssh/authorized_keys
  echo "stratus: installed the key pair's public key for root"
else
  rm -f /root/.ssh/authorized_keys
fi
cat /run/instance-id > /www/index.html
httpd -p 80 -h /www && echo "stratus: web server on port 80"
if [ -x /usr/sbin/dropbear ]; then
  mkdir -p /etc/dropbear
  dropbear -R -p 22 2>/dev/null && echo "stratus: ssh server on port 22"
fi
if md user-data /run/user-data && [ "$(head -c 9 /run/user-data)" = "#!/bin/sh" ]; then
  echo "stratus: running user data"
  sh /run/user-data 2>&1
  echo "stratus: user data exited with status $?"
fi
echo "stratus: ready $ID"
