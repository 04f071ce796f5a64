package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// ElastiCacheNodes is a month of an ElastiCache cluster of on-demand nodes
// of one type: Engine "valkey" at Valkey's node prices, anything else
// (Redis OSS, Memcached) at Redis OSS's. Nodes counts the primary and its
// replicas.
type ElastiCacheNodes struct {
	Engine   string
	NodeType string
	Nodes    int
	Hours    float64
}

// Bill prices the month.
func (x ElastiCacheNodes) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("elasticache-nodes")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("nodes", float64(x.Nodes))
	if err := u.err(); err != nil {
		return nil, err
	}
	engine := "redis"
	if x.Engine == "valkey" {
		engine = "valkey"
	}
	l := c.Lookup()
	node := l.Entry("aws.elasticache." + engine + "." + x.NodeType + ".hourly")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("elasticache-nodes", c)
	b.Add(x.NodeType+" nodes", Dec(float64(x.Nodes)*x.Hours), "node-hour", node, HalfUp)
	return b, nil
}
