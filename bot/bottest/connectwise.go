package bottest

import (
	"fmt"
	"testing"

	"github.com/tandemhq/tandem/integrations/connectwise/connectwisetest"
)

// ConnectWiseToken is the token of the ConnectWise callback URL the
// ConnectWise scenario configures (env CW_CALLBACK_TOKEN).
const ConnectWiseToken = "cw-callback-t0ken"

// ConnectWise starts a fake ConnectWise PSA (connectwisetest) and returns
// it with the connectwise: section for Scenario.YAML and its secrets for
// Scenario.Env: tickets on connectwisetest.Board for connectwisetest.Company,
// statuses New / In Progress / Resolved, sev1..sev4 mapped to the fake's
// priorities. via, when set, puts a fault proxy in front of it.
func ConnectWise(t testing.TB, via Via) (*connectwisetest.Server, string, map[string]string) {
	fake := connectwisetest.Start(t)
	p := connectwisetest.Priorities
	yaml := fmt.Sprintf(`connectwise:
  api_url: %q
  company_id: %q
  public_key_env: CW_PUBLIC_KEY
  private_key_env: CW_PRIVATE_KEY
  client_id: %q
  board: %q
  company: %q
  callback_token_env: CW_CALLBACK_TOKEN
  statuses: {new: %q, acknowledged: %q, resolved: %q}
  priorities: {sev1: %q, sev2: %q, sev3: %q, sev4: %q}
`, via.url(fake.Server.URL)+"/v4_6_release/apis/3.0/", connectwisetest.CompanyID, connectwisetest.ClientID,
		connectwisetest.Board, connectwisetest.Company, connectwisetest.StatusNew, connectwisetest.StatusAck,
		connectwisetest.StatusResolved, p[0], p[1], p[2], p[3])
	env := map[string]string{"CW_PUBLIC_KEY": connectwisetest.PublicKey, "CW_PRIVATE_KEY": connectwisetest.PrivateKey,
		"CW_CALLBACK_TOKEN": ConnectWiseToken}
	return fake, yaml, env
}

// ConnectWiseCallbacks points the fake's callbacks at the first bot, with
// the configured token.
func (w *World) ConnectWiseCallbacks(fake *connectwisetest.Server) {
	fake.SetCallbackURL(w.URL + "/webhooks/connectwise?token=" + ConnectWiseToken)
}
