package teamstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Sender posts activities to the bot's messaging endpoint as Teams does,
// each with a Bearer token signed by the fake's key.
type Sender struct {
	Server *Server
	// URL is the bot's POST /teams/messages.
	URL string
}

// Claims are a token's claims, as the Bot Connector sets them.
type Claims struct {
	Issuer, Audience, ServiceURL, KeyID string
	IssuedAt, Expires                   time.Time
}

// DefaultClaims are valid claims for the fake's service URL, now.
func (s *Sender) DefaultClaims() Claims {
	now := time.Now()
	return Claims{Issuer: "https://api.botframework.com", Audience: AppID, ServiceURL: s.Server.ServiceURL(),
		KeyID: KeyID, IssuedAt: now.Add(-time.Minute), Expires: now.Add(time.Hour)}
}

// Token signs c with the fake's key (RS256).
func (s *Sender) Token(c Claims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": c.Issuer, "aud": c.Audience,
		"serviceurl": c.ServiceURL, "nbf": c.IssuedAt.Unix(), "iat": c.IssuedAt.Unix(), "exp": c.Expires.Unix()})
	tok.Header["kid"] = c.KeyID
	signed, err := tok.SignedString(testKey)
	if err != nil {
		panic(err)
	}
	return signed
}

// Post sends activity with authorization (the whole header value; ""
// sends none) and returns the status and body.
func (s *Sender) Post(activity any, authorization string) (int, string, error) {
	body, err := json.Marshal(activity)
	if err != nil {
		return 0, "", err
	}
	req, err := http.NewRequest(http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), nil
}

// Send posts activity with a valid token.
func (s *Sender) Send(activity any) (int, string, error) {
	return s.Post(activity, "Bearer "+s.Token(s.DefaultClaims()))
}

var activitySeq atomic.Int64

// Activity is an activity from user in channel's thread root ("" for a
// new post in the channel).
func (s *Sender) Activity(kind string, user User, channel, root string) map[string]any {
	n := activitySeq.Add(1)
	conv := channel
	if root != "" {
		conv = channel + ";messageid=" + root
	}
	return map[string]any{"type": kind, "id": fmt.Sprintf("f:%d-%d", time.Now().UnixNano(), n),
		"serviceUrl": s.Server.ServiceURL(), "channelId": "msteams", "timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		"from":         map[string]string{"id": user.ID, "name": user.Name, "aadObjectId": user.AADObjectID},
		"conversation": map[string]any{"id": conv, "conversationType": "channel", "isGroup": true, "tenantId": Tenant},
		"recipient":    map[string]string{"id": "28:" + AppID, "name": "Tandem"},
		"channelData":  map[string]any{"channel": map[string]string{"id": channel}, "team": map[string]string{"id": TeamID}, "tenant": map[string]string{"id": Tenant}},
	}
}

// Mention is "@Tandem text" typed by user in channel's thread root.
func (s *Sender) Mention(user User, channel, root, text string) map[string]any {
	a := s.Activity("message", user, channel, root)
	a["text"] = "<at>Tandem</at> " + text
	a["entities"] = []any{map[string]any{"type": "mention", "text": "<at>Tandem</at>",
		"mentioned": map[string]string{"id": "28:" + AppID, "name": "Tandem"}}}
	return a
}

// Click is user pressing a card's Action.Execute with verb and data.
func (s *Sender) Click(user User, channel, root, verb string, data map[string]any) map[string]any {
	a := s.Activity("invoke", user, channel, root)
	a["name"] = "adaptiveCard/action"
	a["value"] = map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}
	return a
}
