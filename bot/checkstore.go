package bot

import (
	"context"
	"errors"
	"log/slog"

	"github.com/tandemhq/tandem/config"
	"github.com/tandemhq/tandem/redisstore"
)

// OpenStore connects to cfg's Redis with the bot's own options (TLS, ACL,
// Sentinel or Cluster) and fails when it does not answer: for tools that
// look at the server rather than serve (tandem doctor). A config without
// redis.url is an error: the embedded store exists only inside a bot.
func OpenStore(ctx context.Context, cfg *config.Config, log *slog.Logger) (*redisstore.Store, error) {
	if cfg.Redis.Embedded() {
		return nil, errors.New("no redis.url: the embedded store keeps incidents in memory and loses them all when Tandem stops")
	}
	opt, err := storeOptions(cfg, log)
	if err != nil {
		return nil, err
	}
	return redisstore.Open(ctx, opt)
}
