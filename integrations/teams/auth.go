package teams

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// Bot Framework's values for tokens sent to a bot (DESIGN §7).
const (
	// DefaultOpenIDURL is Bot Framework's OpenID metadata document.
	DefaultOpenIDURL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
	// Issuer is the issuer of every token the Bot Connector sends.
	Issuer = "https://api.botframework.com"
	// Leeway is the clock skew allowed on exp and nbf.
	Leeway = 5 * time.Minute
	// refreshEvery is how long a kid still unknown after a fetch is
	// refused without fetching again, so a forged kid repeated cannot make
	// the verifier hammer Microsoft.
	refreshEvery = 5 * time.Minute
	// maxUnknown bounds the kids remembered as unknown.
	maxUnknown = 1000
)

// ErrUnauthorized is what every failed check wraps: the endpoint answers
// 401 and parses nothing.
var ErrUnauthorized = errors.New("teams: unauthorized")

// Verifier checks the Authorization header of inbound activities: RS256
// signed by a key of the OpenID metadata's JWKS, issuer Issuer, audience
// the app ID, exp/nbf within Leeway, and the serviceUrl claim.
type Verifier struct {
	openIDURL string
	appID     string
	http      *http.Client
	now       func() time.Time

	mu      sync.Mutex
	keys    map[string]any       // kid → public key
	unknown map[string]time.Time // kid → when a fetch did not find it
}

// NewVerifier verifies tokens for appID against the metadata at openIDURL.
func NewVerifier(openIDURL, appID string, client *http.Client, now func() time.Time) *Verifier {
	if openIDURL == "" {
		openIDURL = DefaultOpenIDURL
	}
	return &Verifier{openIDURL: openIDURL, appID: appID, http: client, now: now}
}

// Verify checks header (the whole "Bearer …" value) and returns the
// token's serviceUrl claim, which the caller compares with the activity's.
func (v *Verifier) Verify(ctx context.Context, header string) (string, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return "", fmt.Errorf("%w: no bearer token", ErrUnauthorized)
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) { return v.key(ctx, t) },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(Issuer), jwt.WithAudience(v.appID),
		jwt.WithLeeway(Leeway), jwt.WithExpirationRequired(), jwt.WithTimeFunc(v.now))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnauthorized, err)
	}
	service, _ := claims["serviceurl"].(string)
	if s, ok := claims["serviceUrl"].(string); ok {
		service = s
	}
	if service == "" {
		return "", fmt.Errorf("%w: the token has no serviceUrl claim", ErrUnauthorized)
	}
	return service, nil
}

// key finds the token's signing key by kid, fetching the keys when none
// are cached or the kid is unknown (Microsoft rotates them); a kid still
// unknown after that fetch is refused without another for refreshEvery.
func (v *Verifier) key(ctx context.Context, t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	v.mu.Lock()
	defer v.mu.Unlock()
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	if at, ok := v.unknown[kid]; ok && v.now().Sub(at) < refreshEvery {
		return nil, fmt.Errorf("unknown signing key %q", kid)
	}
	keys, err := v.fetchKeys(ctx)
	if err != nil {
		return nil, err
	}
	v.keys = keys
	if k, ok := keys[kid]; ok {
		return k, nil
	}
	if v.unknown == nil || len(v.unknown) >= maxUnknown {
		v.unknown = map[string]time.Time{}
	}
	v.unknown[kid] = v.now()
	return nil, fmt.Errorf("unknown signing key %q (after fetching the keys again)", kid)
}

// fetchKeys reads the OpenID metadata, then its jwks_uri.
func (v *Verifier) fetchKeys(ctx context.Context) (map[string]any, error) {
	var meta struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := v.getJSON(ctx, v.openIDURL, &meta); err != nil {
		return nil, fmt.Errorf("OpenID metadata: %w", err)
	}
	if meta.JWKSURI == "" {
		return nil, errors.New("OpenID metadata has no jwks_uri")
	}
	var set jose.JSONWebKeySet
	if err := v.getJSON(ctx, meta.JWKSURI, &set); err != nil {
		return nil, fmt.Errorf("JWKS: %w", err)
	}
	keys := map[string]any{}
	for _, k := range set.Keys {
		if k.Valid() && k.IsPublic() {
			keys[k.KeyID] = k.Key
		}
	}
	return keys, nil
}

func (v *Verifier) getJSON(ctx context.Context, url string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := v.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", url, resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}
