// A real OpenID provider on loopback for the key-rotation checks (fleet/checks/key-rotation.sh,
// tests/Vig.Api.Tests/Security/KeyRotationTests.cs): npm oidc-provider (OpenID Certified), issuing
// client-credentials access tokens as JWTs for the service's audience.
//
//   node fleet/identity-provider.mjs [port]      prints "issuer <url>" once it listens
//
// Clients: <name> with secret "<name>-secret" for each name in CLIENTS (default case-system-a),
// every scope of the service. Keys are RSA, made at start; loopback admin paths change them:
//   POST /admin/rotate   a new key signs from now on; the old one stays published
//   POST /admin/retire   every key but the signing one is removed from the JWKS
//   GET  /admin/keys     the published key ids, the signing one first, and how often the JWKS was read
import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 0);
const audience = process.env.AUDIENCE ?? 'vig-referral-service';
const scopes = 'referrals.submit referrals.read referrals.decide reports.read';
const clients = (process.env.CLIENTS ?? 'case-system-a').split(/[ ,]+/).filter(Boolean);
const lifetime = Number(process.env.TOKEN_LIFETIME_SECONDS ?? 600);

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

let keys = [newKey()];
let provider;
let issuer;
let jwksReads = 0;

// oidc-provider reads its keys once, so a change of keys builds a new provider for the same
// issuer; JWT access tokens need no stored state, so tokens issued before stay valid.
function build() {
  provider = new Provider(issuer, {
    clients: clients.map((name) => ({
      client_id: name,
      client_secret: `${name}-secret`,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope: scopes,
    })),
    scopes: scopes.split(' '),
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => `urn:${audience}`,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: scopes,
          audience,
          accessTokenTTL: lifetime,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
}

const server = http.createServer((req, res) => {
  const answer = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url === '/admin/rotate' && req.method === 'POST') {
    keys = [newKey(), ...keys];
    build();
    return answer(200, { keys: keys.map((k) => k.kid) });
  }
  if (req.url === '/admin/retire' && req.method === 'POST') {
    keys = keys.slice(0, 1);
    build();
    return answer(200, { keys: keys.map((k) => k.kid) });
  }
  if (req.url === '/admin/keys') {
    return answer(200, { keys: keys.map((k) => k.kid), jwksReads });
  }
  if (req.url === '/jwks') {
    jwksReads += 1;
  }
  return provider.callback()(req, res);
});

server.listen(port, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  build();
  console.log(`issuer ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
