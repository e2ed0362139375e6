package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tandemhq/tandem/config"
)

// Policy is the escalation policy in force: the config as Tandem read it,
// secrets redacted.
type Policy struct {
	Redacted []byte // YAML, from RedactConfig
	// Source is the config file's path and SourceSHA256 the hash of its
	// bytes, when the caller read it from a file ("" otherwise): an auditor
	// can match it against the file under change control. The file names
	// its secrets (_env, _file) but holds none of their values.
	Source, SourceSHA256 string
}

// redactedValue replaces a secret; config.Secret prints the same.
const redactedValue = "<secret>"

// RedactConfig renders cfg as YAML with no secret values: every
// config.Secret prints as where it comes from ("<secret: env NAME>", ""
// when the config has none), and "<secret>" replaces the
// password of a URL with credentials (redis://:PASS@host) and URL query
// parameters that carry credentials (?token=…). Platform sections
// (Teams, …) follow under their keys, redacted the same way.
func RedactConfig(cfg *config.Config) ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(cfg); err != nil {
		return nil, fmt.Errorf("evidence: render the config: %w", err)
	}
	labelSecrets(&doc, reflect.ValueOf(cfg))
	keys := make([]string, 0, len(cfg.Sections))
	for k := range cfg.Sections {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var sec yaml.Node
		if err := sec.Encode(cfg.Sections[k]); err != nil {
			return nil, fmt.Errorf("evidence: render config section %s: %w", k, err)
		}
		labelSecrets(&sec, reflect.ValueOf(cfg.Sections[k]))
		doc.Content = append(doc.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k}, &sec)
	}
	redactNode(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("evidence: render the config: %w", err)
	}
	return b.Bytes(), enc.Close()
}

// redactNode redacts the credentials in URLs anywhere under n.
func redactNode(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "://") {
		n.Value = redactURL(n.Value)
	}
	for _, c := range n.Content {
		redactNode(c)
	}
}

// credentialParam is a query parameter name that carries a credential.
var credentialParam = regexp.MustCompile(`(?i)token|secret|password|passwd|key|sig|auth|code`)

// redactURL hides a URL's password and credential query parameters; text
// that is not a URL is returned as it is.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return s
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), redactedValue)
	}
	if q := u.Query(); len(q) > 0 {
		for k := range q {
			if credentialParam.MatchString(k) {
				q.Set(k, redactedValue)
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// policyJSON is policy/policy.json.
type policyJSON struct {
	ConfigFile         string `json:"config_file"`
	ConfigSHA256       string `json:"config_sha256"`
	SourceFile         string `json:"source_file,omitempty"`
	SourceSHA256       string `json:"source_sha256,omitempty"`
	SecretsRedactedFor string `json:"secrets"`
}

// policyFile says which config the pack holds and its SHA-256.
func policyFile(p Policy) ([]byte, error) {
	sum := sha256.Sum256(p.Redacted)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "<secret>" as it reads
	err := enc.Encode(policyJSON{
		ConfigFile: "policy/config.yaml", ConfigSHA256: hex.EncodeToString(sum[:]),
		SourceFile: p.Source, SourceSHA256: p.SourceSHA256,
		SecretsRedactedFor: "every secret (_env, _file) and URL credential reads " + redactedValue + "; the values are in neither file",
	})
	if err != nil {
		return nil, fmt.Errorf("evidence: policy: %w", err)
	}
	return b.Bytes(), nil
}
