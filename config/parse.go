package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Options tune [ParseWith].
type Options struct {
	// Getenv looks up environment variables (secrets and overrides); nil means none are set.
	Getenv func(string) string
	// ReadFile reads `_file` secrets; nil means the file system (regular files up to 64 KiB).
	ReadFile func(path string) ([]byte, error)
	// BaseDir resolves relative `_file` paths; "" means the working directory.
	BaseDir string
	// SecretsOptional turns secrets that cannot be resolved (unset variable, unreadable
	// file) into Config.Warnings instead of problems. [Check] sets it.
	SecretsOptional bool
	// RequiredSecrets, when not nil, names the top-level sections whose secrets must resolve;
	// any other secret that cannot be is a warning, as with SecretsOptional. [LoadFor] sets it.
	RequiredSecrets []string
	// Desk is the MSP's desk (msp.yaml, package tenants) that teams written
	// `team: msp/<name>` refer to; nil when there is none. Tenant is the
	// customer's name (its own PagerDuty dedup prefix when it pages
	// through the desk's PagerDuty).
	Desk   *Config
	Tenant string
}

// Load reads the file, parses strictly, resolves secrets, applies defaults and validates. On any
// problem it returns a [Problems] error listing all of them. Relative `_file` paths are read
// relative to the config file's directory. This is what `tandem serve` uses.
func Load(path string) (*Config, error) {
	return loadFile(path, Options{})
}

// Check is Load for `tandem config check`: every rule applies, but a secret whose environment
// variable is unset or whose file cannot be read is reported in Config.Warnings instead of
// failing, so a config can be checked on a machine that does not hold its secrets. The config
// it returns is for reporting (Summary); serve with one from Load.
func Check(path string) (*Config, error) {
	return loadFile(path, Options{SecretsOptional: true})
}

// LoadFor is Load for a command that uses only the secrets of some top-level sections (e.g.
// "redis" for `tandem export`, "discord" for `tandem discord register`): those must resolve,
// and any other secret that cannot be read is a warning, as in [Check], so a missing Slack
// token does not stop a command that never talks to Slack.
func LoadFor(path string, sections ...string) (*Config, error) {
	return loadFile(path, Options{RequiredSecrets: append([]string{}, sections...)})
}

// LoadTenant is Load for a customer's file beside the MSP's desk: teams written
// `team: msp/<name>` take the desk's team (desk.go). desk may be nil.
func LoadTenant(path, tenant string, desk *Config) (*Config, error) {
	return loadFile(path, Options{Desk: desk, Tenant: tenant})
}

// CheckTenant is Check for a customer's file beside the MSP's desk (see LoadTenant).
func CheckTenant(path, tenant string, desk *Config) (*Config, error) {
	return loadFile(path, Options{SecretsOptional: true, Desk: desk, Tenant: tenant})
}

func loadFile(path string, opt Options) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Problems{{File: path, Msg: describe(err)}}
	}
	opt.Getenv, opt.BaseDir = os.Getenv, filepath.Dir(path)
	return ParseWith(path, data, opt)
}

// Parse does what Load does on bytes. name is used in messages; getenv looks up environment
// variables (os.Getenv in production).
func Parse(name string, data []byte, getenv func(string) string) (*Config, error) {
	return ParseWith(name, data, Options{Getenv: getenv})
}

// ParseWith is Parse with every option.
func ParseWith(name string, data []byte, opt Options) (*Config, error) {
	if opt.Getenv == nil {
		opt.Getenv = func(string) string { return "" }
	}
	if opt.ReadFile == nil {
		opt.ReadFile = readSecretFile
	}
	rep := newReport(name)
	root, ok := parseYAML(rep, data)
	if !ok {
		return nil, Problems(rep.probs)
	}
	cfg := &Config{}
	w := &walker{rep: rep, budget: maxVisits, secrets: &secretReader{
		getenv: opt.Getenv, readFile: opt.ReadFile, baseDir: opt.BaseDir, optional: opt.SecretsOptional,
		required: opt.RequiredSecrets,
	}}
	w.value(root, reflect.ValueOf(cfg).Elem(), "")
	if w.budget == 0 {
		// What was decoded is partial and possibly huge: validating it would only bury the
		// one useful message.
		return nil, Problems(sortProblems(rep.probs))
	}
	importDesk(cfg, rep, opt.Desk, opt.Tenant)
	applyEnv(cfg, rep, opt.Getenv)
	applyDefaults(cfg, rep)
	validate(cfg, rep)
	holidayFiles(cfg, rep, opt.BaseDir)
	if len(rep.probs) > 0 {
		return nil, Problems(sortProblems(rep.probs))
	}
	cfg.Warnings = sortProblems(rep.warns)
	return cfg, nil
}

// parseYAML returns the root mapping of the single document in data. An empty file or a
// syntax error is a problem; so is a second document, which would otherwise be ignored.
func parseYAML(rep *report, data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		// yaml.v3 is not ours; a panic on hostile input must not take the process down.
		if r := recover(); r != nil {
			rep.probs = append(rep.probs, Problem{File: rep.file, Line: 1, Col: 1, Msg: "invalid YAML"})
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			rep.probs = append(rep.probs, Problem{File: rep.file, Msg: "config is empty"})
		} else {
			rep.probs = append(rep.probs, syntaxProblem(rep.file, err))
		}
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		rep.probs = append(rep.probs, Problem{File: rep.file, Line: next.Line, Col: next.Column,
			Msg: "only one YAML document is allowed"})
		return nil, false
	case !errors.Is(err, io.EOF):
		rep.probs = append(rep.probs, syntaxProblem(rep.file, err))
		return nil, false
	}
	root = &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root = doc.Content[0]
	}
	if isNull(root) {
		rep.probs = append(rep.probs, Problem{File: rep.file, Msg: "config is empty"})
		return nil, false
	}
	return root, true
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxProblem positions a yaml.v3 error. yaml.v3 reports only the line, so the column is 1.
func syntaxProblem(file string, err error) Problem {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{File: file, Line: line, Col: 1, Msg: "invalid YAML: " + m[2]}
	}
	return Problem{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf("invalid YAML: %s", trimYAML(err.Error()))}
}

func trimYAML(s string) string {
	if len(s) > 6 && s[:6] == "yaml: " {
		return s[6:]
	}
	return s
}

// applyEnv applies TANDEM_HTTP_ADDR, TANDEM_REDIS_URL and TANDEM_LOG_LEVEL. Problems with the
// overridden values then name the variable, since the file's position would be misleading.
func applyEnv(cfg *Config, rep *report, getenv func(string) string) {
	if v := getenv("TANDEM_HTTP_ADDR"); v != "" {
		cfg.HTTP.Addr = v
		rep.override["http.addr"] = "TANDEM_HTTP_ADDR"
	}
	if v := getenv("TANDEM_REDIS_URL"); v != "" {
		cfg.Redis.URL = v
		rep.override["redis.url"] = "TANDEM_REDIS_URL"
	}
	if v := getenv("TANDEM_LOG_LEVEL"); v != "" {
		cfg.Log.Level = v
		rep.override["log.level"] = "TANDEM_LOG_LEVEL"
	}
}
