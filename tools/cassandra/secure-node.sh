#!/usr/bin/env bash
# A throwaway Cassandra node with password authentication and client-to-node TLS,
# for the security test (`make test-security`). It runs beside the development
# node and the cluster: 127.0.0.4, CQL (TLS only) on port 9142, storage port 7002,
# state in .cassandra/secure. Its certificates are made afresh by `up` with openssl:
# a throwaway CA, a server certificate it signs for IP 127.0.0.4, and a second CA
# that signed nothing (to prove that an untrusted server is refused).
#
#   secure-node.sh up     make the certificates, start the node, wait until a TLS
#                         login as cassandra/cassandra answers
#   secure-node.sh down   stop the node
#   secure-node.sh env    the variables the security test reads (eval "$(... env)")
#   secure-node.sh clean  stop it and delete its data and certificates
#
# Environment: SECURE_NODE_HEAP (default 512M).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${COODIE_SECURE_DIR:-$repo/.cassandra/secure}
certs=$root/certs
address=127.0.0.4
port=9142
# The keystore's password: a throwaway for a throwaway certificate.
store_password=coodie-test-only

say() { echo "secure-node: $*" >&2; }

node() {
  COODIE_STATE_DIR=$root/node \
  CASSANDRA_ADDRESS=$address \
  CASSANDRA_PORT=$port \
  CASSANDRA_STORAGE_PORT=7002 \
  CASSANDRA_CLUSTER_NAME=coodie-secure \
  CASSANDRA_HEAP=${SECURE_NODE_HEAP:-512M} \
  CASSANDRA_YAML_EXTRA=$root/security.yaml \
  "$here/cassandra.sh" "$@"
}

make_certificates() {
  command -v openssl >/dev/null 2>&1 || "$repo/tools/need.sh" "the TLS certificates of make test-security" openssl
  rm -rf "$certs"; mkdir -p "$certs"
  local subject
  for ca in ca other-ca; do
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=coodie test $ca" \
      -keyout "$certs/$ca.key" -out "$certs/$ca.pem" 2>/dev/null
  done
  subject="/CN=$address"
  openssl req -newkey rsa:2048 -nodes -subj "$subject" \
    -keyout "$certs/node.key" -out "$certs/node.csr" 2>/dev/null
  printf 'subjectAltName=IP:%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    "$address" > "$certs/node.ext"
  openssl x509 -req -in "$certs/node.csr" -CA "$certs/ca.pem" -CAkey "$certs/ca.key" \
    -CAcreateserial -days 2 -extfile "$certs/node.ext" -out "$certs/node.pem" 2>/dev/null
  openssl pkcs12 -export -in "$certs/node.pem" -inkey "$certs/node.key" -certfile "$certs/ca.pem" \
    -name node -passout "pass:$store_password" -out "$certs/node.p12"
  cat > "$root/security.yaml" <<EOF
authenticator:
  class_name: PasswordAuthenticator
authorizer:
  class_name: CassandraAuthorizer
role_manager:
  class_name: CassandraRoleManager
client_encryption_options:
  enabled: true
  optional: false
  keystore: $certs/node.p12
  keystore_password: $store_password
  store_type: PKCS12
  require_client_auth: false
EOF
}

env_vars() {
  cat <<EOF
export SCYLLA_HOSTS=$address:$port
export SCYLLA_USER=cassandra
export SCYLLA_PASSWORD=cassandra
export SCYLLA_TLS_CA=$certs/ca.pem
export COODIE_SECURE_OTHER_CA=$certs/other-ca.pem
EOF
}

up() {
  local started=$SECONDS
  if node status >/dev/null 2>&1; then
    say "already running"
  else
    make_certificates
    node start
  fi
  # The default superuser is created shortly after start-up; wait until a TLS login
  # with it answers a query.
  (eval "$(env_vars)"; cd "$repo" && cargo run --quiet -p coodie-dbctl --features tls -- \
    wait --timeout "${SECURE_NODE_WAIT:-120}" --log "$root/node/logs/system.log")
  say "up after $((SECONDS - started))s: TLS-only CQL on $address:$port, user cassandra"
}

case "${1:-}" in
  up) up ;;
  down) node stop ;;
  env) env_vars ;;
  clean) node stop; rm -rf "$root"; say "removed $root" ;;
  *) echo "usage: $0 up|down|env|clean" >&2; exit 2 ;;
esac
