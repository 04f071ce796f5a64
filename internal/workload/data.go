package workload

import (
	"math"
	"slices"
	"strings"
)

// Data describes what a database, cache or queue holds and how it is used,
// for the managed services that could run it (docs/managed-services.md).
// Every field is optional; DataFor fills the defaults.
type Data struct {
	// Engine is what the clients speak: postgres, mysql (relational), redis,
	// valkey, memcached (in-memory), document (a key-value or document API:
	// DynamoDB, Firestore, Cosmos DB), queue or topic.
	Engine string `yaml:"engine,omitempty" json:"engine,omitempty"`
	// ReadsPerSecond and WritesPerSecond are the mean operation rates
	// (default: the component's requests split 80/20 for a database or
	// cache; every message is one write and one read for a queue).
	ReadsPerSecond  *float64 `yaml:"reads_per_second,omitempty" json:"reads_per_second,omitempty"`
	WritesPerSecond *float64 `yaml:"writes_per_second,omitempty" json:"writes_per_second,omitempty"`
	// ItemKB is the mean item, row or message size read or written (default 1).
	ItemKB float64 `yaml:"item_kb,omitempty" json:"item_kb,omitempty"`
	// IOPS is the storage's provisioned I/O operations per second (default:
	// the storage's included baseline).
	IOPS float64 `yaml:"iops,omitempty" json:"iops,omitempty"`
	// HighAvailability keeps a synchronous standby in another zone (RDS
	// Multi-AZ, Cloud SQL HA, Azure zone-redundant HA, a cache replica).
	HighAvailability bool `yaml:"high_availability,omitempty" json:"high_availability,omitempty"`
	// ReadReplicas are extra read-only copies.
	ReadReplicas int `yaml:"read_replicas,omitempty" json:"read_replicas,omitempty"`
	// Connections is the most client connections open at once (0: not a
	// sizing constraint).
	Connections int `yaml:"connections,omitempty" json:"connections,omitempty"`
	// BackupRetentionDays is how long automated backups are kept (default 7).
	BackupRetentionDays int `yaml:"backup_retention_days,omitempty" json:"backup_retention_days,omitempty"`
}

// Data engines.
const (
	EnginePostgres  = "postgres"
	EngineMySQL     = "mysql"
	EngineRedis     = "redis"
	EngineValkey    = "valkey"
	EngineMemcached = "memcached"
	EngineDocument  = "document"
	EngineQueue     = "queue"
	EngineTopic     = "topic"
)

// Engines lists the valid data engines.
var Engines = []string{EnginePostgres, EngineMySQL, EngineRedis, EngineValkey, EngineMemcached, EngineDocument, EngineQueue, EngineTopic}

// Defaults and limits of the data block (docs/managed-services.md).
const (
	// DefaultReadShare is the share of a database's or cache's requests
	// that are reads when reads_per_second is not given: an assumption
	// [U], the usual OLTP read-heavy mix.
	DefaultReadShare           = 0.8
	DefaultItemKB              = 1.0
	DefaultBackupRetentionDays = 7
	// DefaultDailyChangeShare is the share of the data that changes each
	// day, which incremental backups keep for each retained day [U].
	DefaultDailyChangeShare = 0.02
	MaxReadReplicas         = 15 // RDS allows 15 read replicas per instance
	MaxConnections          = 1_000_000
	MaxIOPS                 = 256_000 // io2 Block Express's maximum
	MaxBackupRetentionDays  = 35      // RDS, Cloud SQL and Azure Flexible Server's longest automated retention
	MaxDataOpsPerSecond     = 1e8
)

// DataTypes are the component types a managed data service can run.
var DataTypes = []Type{TypeDatabase, TypeCache, TypeQueue}

// IsData reports whether c is a database, cache or queue.
func (c Component) IsData() bool {
	return slices.Contains(DataTypes, c.Type)
}

// DataCopies is how many copies of a stateful component's data run when
// it runs itself (a StatefulSet's replicas, Fargate tasks): the primary, a
// standby with data.high_availability, and data.read_replicas. Each copy
// has its own volume; backups are taken of one.
func (c Component) DataCopies() int {
	if !c.Stateful {
		return 1
	}
	n := 1
	if c.Data != nil {
		if c.Data.HighAvailability {
			n++
		}
		n += c.Data.ReadReplicas
	}
	return n
}

// DataUse is a data component's load as the managed services bill it.
type DataUse struct {
	Engine                    string
	ReadsPerSec, WritesPerSec float64 // mean
	ItemKB                    float64
	StorageGB                 float64
	IOPS                      float64
	HA                        bool
	ReadReplicas              int
	Connections               int
	BackupRetentionDays       int
}

// DefaultEngine is a data type's engine when the spec names none.
func DefaultEngine(t Type) string {
	switch t {
	case TypeCache:
		return EngineRedis
	case TypeQueue:
		return EngineQueue
	}
	return EnginePostgres
}

// DataFor is c's data load with every default filled in; meanRPS is the
// component's mean request rate.
func (c Component) DataFor(meanRPS float64) DataUse {
	var d Data
	if c.Data != nil {
		d = *c.Data
	}
	u := DataUse{Engine: d.Engine, ItemKB: d.ItemKB, StorageGB: c.StorageGB, IOPS: d.IOPS, HA: d.HighAvailability,
		ReadReplicas: d.ReadReplicas, Connections: d.Connections, BackupRetentionDays: d.BackupRetentionDays}
	if u.Engine == "" {
		u.Engine = DefaultEngine(c.Type)
	}
	if u.ItemKB <= 0 {
		u.ItemKB = DefaultItemKB
	}
	if u.BackupRetentionDays <= 0 {
		u.BackupRetentionDays = DefaultBackupRetentionDays
	}
	u.ReadsPerSec, u.WritesPerSec = meanRPS*DefaultReadShare, meanRPS*(1-DefaultReadShare)
	if u.Messaging() {
		u.ReadsPerSec, u.WritesPerSec = meanRPS, meanRPS // each message is sent once and received once
	}
	if d.ReadsPerSecond != nil {
		u.ReadsPerSec = *d.ReadsPerSecond
	}
	if d.WritesPerSecond != nil {
		u.WritesPerSec = *d.WritesPerSecond
	}
	if u.StorageGB <= 0 && c.Type == TypeCache {
		u.StorageGB = math.Max(c.MemoryMB, 128) / 1024 // a cache holds its working set
	}
	return u
}

// Relational reports whether the engine speaks SQL.
func (u DataUse) Relational() bool { return u.Engine == EnginePostgres || u.Engine == EngineMySQL }

// InMemory reports whether the engine is a Redis-compatible or Memcached cache.
func (u DataUse) InMemory() bool {
	return u.Engine == EngineRedis || u.Engine == EngineValkey || u.Engine == EngineMemcached
}

// Messaging reports whether the engine is a queue or a topic.
func (u DataUse) Messaging() bool { return u.Engine == EngineQueue || u.Engine == EngineTopic }

func (c Component) validateData(v *validator, p string) {
	if c.Data == nil {
		return
	}
	d := c.Data
	p += ".data"
	if !c.IsData() {
		v.add(p, "is for a database, cache or queue; %s is a %s (valid types: database, cache, queue)", c.Name, c.Type)
	}
	if d.Engine != "" {
		enumCheck(v, p+".engine", d.Engine, Engines, "engine")
		want := map[Type][]string{TypeDatabase: {EnginePostgres, EngineMySQL, EngineDocument},
			TypeCache: {EngineRedis, EngineValkey, EngineMemcached}, TypeQueue: {EngineQueue, EngineTopic}}[c.Type]
		if want != nil && slices.Contains(Engines, d.Engine) && !slices.Contains(want, d.Engine) {
			v.add(p+".engine", "%s is not an engine for a %s (valid: %s)", d.Engine, c.Type, strings.Join(want, ", "))
		}
	}
	if d.ReadsPerSecond != nil {
		v.rangeCheck(p+".reads_per_second", *d.ReadsPerSecond, 0, MaxDataOpsPerSecond, "reads a second")
	}
	if d.WritesPerSecond != nil {
		v.rangeCheck(p+".writes_per_second", *d.WritesPerSecond, 0, MaxDataOpsPerSecond, "writes a second")
	}
	v.rangeCheck(p+".item_kb", d.ItemKB, 0, MaxResponseKB, "KB per item")
	v.rangeCheck(p+".iops", d.IOPS, 0, MaxIOPS, "IOPS")
	if d.ReadReplicas < 0 || d.ReadReplicas > MaxReadReplicas {
		v.add(p+".read_replicas", "%d is out of range (valid: 0 to %d)", d.ReadReplicas, MaxReadReplicas)
	}
	if d.Connections < 0 || d.Connections > MaxConnections {
		v.add(p+".connections", "%d is out of range (valid: 0 to %s client connections)", d.Connections, Num(MaxConnections))
	}
	if d.BackupRetentionDays < 0 || d.BackupRetentionDays > MaxBackupRetentionDays {
		v.add(p+".backup_retention_days", "%d is out of range (valid: 0 to %d days; 0 = the default %d)", d.BackupRetentionDays, MaxBackupRetentionDays, DefaultBackupRetentionDays)
	}
}
