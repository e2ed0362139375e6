// Package redisstore keeps all of Tandem's state in Redis: incidents, their
// timelines, indexes, dedup keys, timers, the outbox, locks and job claims.
// It is the only package that imports go-redis. Every key carries the
// tenant's hash tag, so each Lua script touches one slot and runs unchanged
// on a single server, Sentinel or Cluster.
package redisstore

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/tandemhq/tandem/incident"
)

// Options says how to reach Redis and how to name keys.
type Options struct {
	// URL is a redis:// or rediss:// URL. A comma-separated list of
	// host:port addresses after the scheme selects Cluster mode.
	URL string
	// ClusterAddrs, when set, selects Redis Cluster (config
	// redis.cluster_addrs): some of its nodes' host:port, from which the
	// client learns the rest. Every key of one tenant carries the tenant's
	// hash tag, so each script and transaction stays in one slot.
	ClusterAddrs []string
	// SentinelAddrs and SentinelMaster select a Sentinel-managed primary.
	SentinelAddrs  []string
	SentinelMaster string
	// Username and Password authenticate to the data servers (Redis ACL
	// user, or requirepass with no username).
	Username string
	Password string
	// SentinelUsername and SentinelPassword authenticate to the Sentinels
	// themselves, which may require other credentials than the data servers.
	SentinelUsername string
	SentinelPassword string
	// TLS, when set, is used for every connection (data servers and
	// Sentinels); a rediss:// URL turns TLS on by itself.
	TLS *tls.Config
	// Prefix starts every key; default "tandem:".
	Prefix string
	// Tenant is hashed into every key ("{default}"); default "default".
	Tenant string
	Logger *slog.Logger
	// AllowDown opens the store even when Redis does not answer yet; the
	// client reconnects by itself and Ping tells when it is back.
	AllowDown bool
	// WaitReplicas, when above 0, makes every commit and delivered effect
	// wait (Redis WAIT) until that many replicas have it, up to WaitTimeout
	// (default 1s); short of that, the write returns ErrNotReplicated and
	// is not acknowledged. Without it, a Sentinel failover can lose writes
	// the old primary acknowledged but had not replicated yet. On a
	// Cluster, the WAIT goes to the primary of the tenant's slot.
	WaitReplicas int
	WaitTimeout  time.Duration
	// AuditKey, when set, keys every timeline entry committed (HMAC-SHA256;
	// incident/audit.go). The key stays in this process: entries carry its ID.
	AuditKey *incident.AuditKey
}

// Store is Tandem's state in Redis.
type Store struct {
	rdb   redis.UniversalClient
	keys  keys
	log   *slog.Logger
	embed *miniredis.Miniredis
	// wait and waitTimeout: Options.WaitReplicas and WaitTimeout.
	wait        int
	waitTimeout time.Duration
	auditKey    *incident.AuditKey

	deployment atomic.Pointer[string] // DeploymentID, once read
}

// Open connects to the Redis described by opt and checks it answers.
func Open(ctx context.Context, opt Options) (*Store, error) {
	rdb, err := newClient(opt)
	if err != nil {
		return nil, err
	}
	s := newStore(rdb, opt)
	err = s.Ping(ctx)
	if err == nil {
		err = s.ensureGroup(ctx)
	}
	if err != nil && !opt.AllowDown {
		s.rdb.Close()
		return nil, fmt.Errorf("redisstore: connect: %w", err)
	}
	return s, nil
}

// OpenEmbedded starts an in-process Redis-compatible server (miniredis) and
// talks to it through the same go-redis code path. State lives in memory
// only and is lost when the process exits: it is for the demo and tests.
func OpenEmbedded(ctx context.Context, opt Options) (*Store, error) {
	m := miniredis.NewMiniRedis()
	// A random password: the store listens on loopback, where any local
	// user (or a browser page, through DNS rebinding) could otherwise talk
	// to it.
	password := rand.Text()
	m.RequireAuth(password)
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("redisstore: start embedded store: %w", err)
	}
	opt.URL = "redis://:" + password + "@" + m.Addr()
	s, err := Open(ctx, opt)
	if err != nil {
		m.Close()
		return nil, err
	}
	s.embed = m
	return s, nil
}

func newStore(rdb redis.UniversalClient, opt Options) *Store {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	quietRedisLogs(log)
	if opt.WaitTimeout <= 0 {
		opt.WaitTimeout = time.Second
	}
	return &Store{rdb: rdb, keys: newKeys(opt.Prefix, opt.Tenant), log: log, wait: opt.WaitReplicas, waitTimeout: opt.WaitTimeout,
		auditKey: opt.AuditKey}
}

// newClient picks the client the options describe: a Sentinel-managed
// primary (SentinelAddrs, or a URL with master_name=), a Cluster (a URL with
// addr= for more nodes), or a single server.
func newClient(opt Options) (redis.UniversalClient, error) {
	if len(opt.ClusterAddrs) > 0 {
		co := &redis.ClusterOptions{Addrs: opt.ClusterAddrs}
		withAuth(&co.Username, &co.Password, &co.TLSConfig, opt)
		return redis.NewClusterClient(co), nil
	}
	if len(opt.SentinelAddrs) > 0 {
		if opt.SentinelMaster == "" {
			return nil, errors.New("redisstore: sentinel addresses need a master name")
		}
		fo := &redis.FailoverOptions{MasterName: opt.SentinelMaster, SentinelAddrs: opt.SentinelAddrs}
		return redis.NewFailoverClient(withFailoverAuth(fo, opt)), nil
	}
	if opt.URL == "" {
		return nil, errors.New("redisstore: no Redis URL")
	}
	switch {
	case strings.Contains(opt.URL, "master_name="):
		fo, err := redis.ParseFailoverURL(opt.URL)
		if err != nil {
			return nil, fmt.Errorf("redisstore: parse sentinel URL: %w", err)
		}
		return redis.NewFailoverClient(withFailoverAuth(fo, opt)), nil
	case strings.Contains(opt.URL, "addr="):
		co, err := redis.ParseClusterURL(opt.URL)
		if err != nil {
			return nil, fmt.Errorf("redisstore: parse cluster URL: %w", err)
		}
		withAuth(&co.Username, &co.Password, &co.TLSConfig, opt)
		return redis.NewClusterClient(co), nil
	}
	o, err := redis.ParseURL(opt.URL)
	if err != nil {
		return nil, fmt.Errorf("redisstore: parse URL: %w", err)
	}
	withAuth(&o.Username, &o.Password, &o.TLSConfig, opt)
	return redis.NewClient(o), nil
}

// withFailoverAuth puts the options' credentials and TLS (where given) on
// a Sentinel client's options.
func withFailoverAuth(fo *redis.FailoverOptions, opt Options) *redis.FailoverOptions {
	withAuth(&fo.Username, &fo.Password, &fo.TLSConfig, opt)
	fo.SentinelUsername = cmp.Or(opt.SentinelUsername, fo.SentinelUsername)
	fo.SentinelPassword = cmp.Or(opt.SentinelPassword, fo.SentinelPassword)
	return fo
}

// withAuth puts the options' credentials and TLS, where given, over those
// a client's options hold (parsed from its URL, or empty).
func withAuth(username, password *string, tlsConf **tls.Config, opt Options) {
	*username = cmp.Or(opt.Username, *username)
	*password = cmp.Or(opt.Password, *password)
	*tlsConf = cmp.Or(opt.TLS, *tlsConf)
}

// Embedded reports whether the store is the in-process demo store.
func (s *Store) Embedded() bool { return s.embed != nil }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.rdb.Ping(ctx).Err()
}

// Close closes the connection (and stops the embedded server).
func (s *Store) Close() error {
	err := s.rdb.Close()
	if s.embed != nil {
		s.embed.Close()
	}
	return err
}
