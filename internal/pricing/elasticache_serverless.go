package pricing

import (
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// ElastiCacheServerless is a month of an ElastiCache Serverless cache: the
// mean data stored over the month's hours (metered for at least the
// engine's minimum) and the ECPUs its requests use. Engine is "redis"
// (Redis OSS and Memcached) or "valkey".
type ElastiCacheServerless struct {
	Engine string
	Hours  float64
	DataGB float64
	ECPUs  float64
}

// Bill prices the month.
func (x ElastiCacheServerless) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("elasticache-serverless")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("data_gb", x.DataGB)
	u.nonNegative("ecpus", x.ECPUs)
	if err := u.err(); err != nil {
		return nil, err
	}
	engine := x.Engine
	if engine != "valkey" {
		engine = "redis"
	}
	l := c.Lookup()
	gbh := l.Entry("aws.elasticache.serverless." + engine + ".gb_hour")
	ecpu := l.Entry("aws.elasticache.serverless." + engine + ".ecpu")
	minGB := l.Float("aws.elasticache.serverless." + engine + ".min_gb")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("elasticache-serverless", c)
	gb := math.Max(x.DataGB, minGB)
	if gb > x.DataGB {
		b.Note("ElastiCache Serverless meters %s GB at least", FormatQty(Dec(minGB)))
	}
	b.Add("Data stored", Dec(gb*x.Hours), "GB-hour", gbh, HalfUp)
	b.Add("ElastiCache Processing Units", Dec(x.ECPUs), "ECPU", ecpu, HalfUp)
	return b, nil
}
