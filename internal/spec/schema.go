package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

//go:generate go test -run TestSchemaUpToDate -update

// SchemaID is the published schema's identifier.
const SchemaID = "https://raw.githubusercontent.com/fulcrum-tools/fulcrum/main/schema/workload-v1.schema.json"

// SchemaPath is where the schema is published, relative to the module root.
const SchemaPath = "schema/workload-v1.schema.json"

// constraint is what the schema adds to a field beyond its Go type.
type constraint struct {
	desc     string
	def      any
	min, max *float64
	exclMin  bool // min is exclusive
	exclMax  bool // max is exclusive
	enum     []string
	pattern  string
	minLen   int
	maxLen   int
	minItems int
	maxItems int
	unique   bool
	anyOf    []map[string]any
	required bool
	// count also allows the field as suffixed text (10M), as the reader does.
	count bool
	// keys, for a map of strings, lists the keys allowed, each with the
	// values it may take (additional keys are refused).
	keys map[string][]string
	// noRange refuses a range (docs/uncertainty.md) for a numeric field.
	noRange bool
}

func num(x float64) *float64 { return &x }

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// maxRequests is requests_per_month's absolute cap: a billion a second over
// the longest month (the relative cap, over hours_per_month, is checked by
// fulcrum validate).
const maxRequests = workload.MaxHoursPerMonth * 3600 * workload.MaxRequestsPerSecondAbsurd

// constraints is keyed by Go type name and YAML field name. Fields without
// an entry get their type only; docs/spec.md explains every one.
var constraints = map[string]constraint{
	"Spec.version":         {desc: "Spec format version; this build reads 1.", enum: []string{"1"}, required: true, noRange: true},
	"Spec.name":            {desc: "The system's name, for reports.", pattern: `\S`, maxLen: workload.MaxNameLen, required: true},
	"Spec.region":          {desc: "Cloud region whose prices apply.", def: workload.DefaultRegion, pattern: workload.RegionPattern.String()},
	"Spec.hours_per_month": {desc: "Hours in the billed month.", def: workload.DefaultHoursPerMonth, min: num(workload.MinHoursPerMonth), max: num(workload.MaxHoursPerMonth)},
	"Spec.free_tier":       {desc: "Apply the providers' free tiers.", def: false},
	"Spec.seed":            {desc: "Seed for the simulations' random numbers; the output reports the seed used.", min: num(0), noRange: true},
	"Spec.team":            {desc: "Who runs the system."},
	"Spec.platforms":       {desc: "Restrict the options considered (default: all).", enum: workload.Platforms, minItems: 1, unique: true},
	"Spec.kubernetes":      {desc: "Options for the Kubernetes side of the comparison."},
	"Spec.purchase":        {desc: "How each platform's capacity is bought, by platform id (default: on-demand); see docs/purchase-options.md.", keys: workload.PurchaseOptions},
	"Spec.components":      {desc: "The parts of the system.", minItems: 1, maxItems: workload.MaxComponentsInSystem, required: true},
	"Spec.environments":    {desc: "Non-production copies of the system (dev, staging) at a fraction of its traffic."},
	"Spec.rules":           {desc: "Your own placement rules: an option is ruled out where forbid is true."},

	"Environment.name":          {desc: "Lowercase DNS label, not production.", pattern: workload.ComponentNamePattern.String(), maxLen: workload.MaxComponentNameLen, required: true},
	"Environment.traffic_scale": {desc: "Traffic as a fraction of production's (0.05 = 5 %).", min: num(0), exclMin: true, max: num(1), required: true},

	"Rule.name":   {desc: "Lowercase DNS label, unique.", pattern: workload.ComponentNamePattern.String(), required: true},
	"Rule.forbid": {desc: "expr-lang expression over component.* and option.*; true rules the option out.", pattern: `\S`, required: true},
	"Rule.reason": {desc: "Shown when the rule rules an option out."},

	"Team.platform_engineers":     {desc: "DevOps/SRE engineers already on staff.", def: 0, min: num(0), max: num(workload.MaxPlatformEngineers)},
	"Team.engineer_cost_per_year": {desc: "Fully loaded cost of one engineer, USD a year.", def: workload.DefaultEngineerCostPerYear, min: num(0), exclMin: true, max: num(workload.MaxEngineerCostPerYr)},
	"Team.cluster_engineers":      {desc: "Engineers a cluster needs (default: 1 for a first cluster when the team has fewer than 2 platform engineers, else 0.25).", min: num(0), max: num(workload.MaxClusterEngineers)},

	"KubeOptions.min_nodes":            {desc: "Smallest node count (0: the simulator's default).", min: num(0), max: num(workload.MaxMinNodes)},
	"KubeOptions.target_utilization":   {desc: "Fraction of each node's capacity to fill.", min: num(0), exclMin: true, max: num(1)},
	"KubeOptions.node_types":           {desc: "Instance types the cluster may use.", pattern: workload.NodeTypePattern.String(), unique: true},
	"KubeOptions.nat_gateways":         {desc: "NAT gateways (default: the simulator's).", min: num(0), max: num(workload.MaxNATGateways)},
	"KubeOptions.extended_support":     {desc: "The cluster runs a Kubernetes version in extended support.", def: false},
	"KubeOptions.spot_on_demand_share": {desc: "Share of a spot cluster's node-hours kept on on-demand nodes (default 0.2; at least the stateful members' share).", def: workload.DefaultSpotOnDemandShare, min: num(0), max: num(1)},
	"KubeOptions.committed_nodes":      {desc: "Nodes of the general pool's main type a commitment covers (default: the month's floor, the fewest nodes running in any hour).", min: num(0), max: num(workload.MaxCommittedNodes)},

	"Component.name":                   {desc: "Unique lowercase DNS label.", pattern: workload.ComponentNamePattern.String(), maxLen: workload.MaxComponentNameLen, required: true},
	"Component.type":                   {desc: "What kind of component this is.", enum: strs(workload.Types), required: true},
	"Component.runtime":                {desc: "Language runtime (sets cold-start times).", def: string(workload.DefaultRuntime), enum: strs(workload.Runtimes)},
	"Component.requests_per_month":     {desc: "Invocations, messages or runs per month: a number, or text with a suffix such as 40k, 10M or 1.5B (default for a called component: the sum over its callers of requests × per_request).", def: 0, min: num(0), max: num(maxRequests), count: true},
	"Component.duration_ms":            {desc: "Mean wall time per request, ms.", def: workload.DefaultDurationMS, min: num(0), max: num(workload.MaxHoursPerMonth * 3600 * 1000)},
	"Component.cpu_ms":                 {desc: "CPU time per request, ms (default: duration_ms).", min: num(0)},
	"Component.duration_p99_ms":        {desc: "99th percentile of the wall time per request, ms: the spread of a lognormal with mean duration_ms (default: 3 × duration_ms, an assumption, but no longer than max_execution_s and not below duration_ms; equal to duration_ms for a constant service time; at most 14.96 × duration_ms).", min: num(0), exclMin: true, max: num(workload.MaxHoursPerMonth * 3600 * 1000 * workload.MaxDurationP99Factor)},
	"Component.memory_mb":              {desc: "Memory per instance or pod, MB.", def: workload.DefaultMemoryMB, min: num(0), exclMin: true, max: num(workload.MaxMemoryMB)},
	"Component.traffic":                {desc: "How arrivals vary over the month."},
	"Component.max_execution_s":        {desc: "The longest single execution, s (default: 30, or the mean duration if longer).", min: num(0), exclMin: true, max: num(workload.MaxHoursPerMonth * 3600)},
	"Component.latency_slo_p99_ms":     {desc: "p99 latency objective, ms (0: none).", def: 0, min: num(0), max: num(workload.MaxLatencySLOMS)},
	"Component.stateful":               {desc: "The component keeps persistent data.", def: false},
	"Component.storage_gb":             {desc: "Persistent data, GB (stateful components).", def: 0, min: num(0), max: num(workload.MaxStorageGB)},
	"Component.gpu":                    {desc: "GPUs per replica.", def: 0, min: num(0), max: num(workload.MaxGPU)},
	"Component.long_lived_connections": {desc: "Clients hold connections open (always true for websocket).", def: false},
	"Component.compliance":             {desc: "Compliance programmes the component must meet.", enum: workload.CompliancePrograms, unique: true},
	"Component.front_door":             {desc: "What receives the requests (default depends on type).", enum: strs(workload.FrontDoors)},
	"Component.downstream":             {desc: "Managed-service calls per request."},
	"Component.edge":                   {desc: "Needs low latency worldwide.", def: false},
	"Component.concurrency":            {desc: "Requests one instance serves at once (0: each platform's default).", def: 0, min: num(0), max: num(workload.MaxConcurrency)},
	"Component.data":                   {desc: "A database's, cache's or queue's engine and use, for the managed services (docs/managed-services.md)."},
	"Component.calls":                  {desc: "The components this one calls while serving a request: the component graph, drawn by fulcrum diagram and priced as traffic between placements (docs/spec.md#calls, docs/cost-model.md#calls)."},
	"Component.connections":            {desc: "A websocket's long-lived connections: how many, how long, how many messages (docs/spec.md#connections)."},
	"Component.response_kb":            {desc: "Mean response size, KB (for data transfer out).", def: 0, min: num(0), max: num(workload.MaxResponseKB)},

	"Call.to":          {desc: "The name of the component called (another component of this spec).", pattern: workload.ComponentNamePattern.String(), maxLen: workload.MaxComponentNameLen, required: true},
	"Call.per_request": {desc: "Calls made per request of the caller; a called component without requests_per_month of its own gets the sum over its callers of requests × per_request.", def: workload.DefaultCallsPerRequest, min: num(0), exclMin: true, max: num(workload.MaxCallsPerRequest)},
	"Call.request_kb":  {desc: "Mean request size of one call, KB (for the traffic between placements).", def: 0, min: num(0), max: num(workload.MaxCallKB)},
	"Call.response_kb": {desc: "Mean response size of one call, KB (for the traffic between placements).", def: 0, min: num(0), max: num(workload.MaxCallKB)},

	"Traffic.shape":            {desc: "Shape of the arrival rate over time.", def: workload.DefaultTrafficShape, enum: workload.Shapes},
	"Traffic.peak_to_mean":     {desc: "Peak rate over mean rate (0: the shape's default).", anyOf: []map[string]any{{"const": 0}, {"minimum": 1, "maximum": 1000}}},
	"Traffic.peak_hour":        {desc: "UTC hour of the diurnal peak.", def: workload.DefaultPeakHour, min: num(0), max: num(24), exclMax: true},
	"Traffic.work_start":       {desc: "Business hours start, UTC hour.", def: workload.DefaultWorkStart, min: num(0), max: num(24)},
	"Traffic.work_end":         {desc: "Business hours end, UTC hour (after work_start).", def: workload.DefaultWorkEnd, min: num(0), max: num(24)},
	"Traffic.floor":            {desc: "Off-hours rate as a share of the working-hours rate.", def: workload.DefaultFloor, min: num(0), max: num(1)},
	"Traffic.burst_height":     {desc: "Burst rate as a multiple of the base rate (0: default).", anyOf: []map[string]any{{"const": 0}, {"minimum": 1, "maximum": 10000}}},
	"Traffic.burst_length":     {desc: "Length of each burst, a Go duration such as 5m (default 5m).", pattern: `^([0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$`},
	"Traffic.bursts_per_day":   {desc: "Bursts a day (0: default).", min: num(0), max: num(1440)},
	"Traffic.growth_per_month": {desc: "Month-over-month change in volume (0.05 = +5 %).", def: 0, min: num(-1), exclMin: true, max: num(10)},
	"Traffic.growth_months":    {desc: "Months over which growth is modelled (0: default 12).", min: num(0), max: num(120)},
	"Traffic.combine":          {desc: "How parts combine.", enum: workload.CombineModes},
	"Traffic.parts":            {desc: "Traffic blocks to combine."},
	"Traffic.weight":           {desc: "A part's share in a sum combination (default 1).", min: num(0)},
	"Traffic.trace":            {desc: "Replay a recorded trace instead of a built-in shape."},

	"TraceRef.path":   {desc: "The trace file to replay.", pattern: `\S`, required: true},
	"TraceRef.format": {desc: "Trace format (default: detect).", enum: workload.TraceFormats},
	"TraceRef.scale":  {desc: "Multiplier on the trace's rate (2 doubles it).", min: num(0), max: num(1e6)},

	"Data.engine":                {desc: "What the clients speak (default: postgres for a database, redis for a cache, queue for a queue).", enum: workload.Engines},
	"Data.reads_per_second":      {desc: "Mean reads a second (default: 80 % of the requests; a queue: every message).", min: num(0), max: num(workload.MaxDataOpsPerSecond)},
	"Data.writes_per_second":     {desc: "Mean writes a second (default: 20 % of the requests; a queue: every message).", min: num(0), max: num(workload.MaxDataOpsPerSecond)},
	"Data.item_kb":               {desc: "Mean item, row or message size read or written, KB (default 1).", min: num(0), max: num(workload.MaxResponseKB)},
	"Data.iops":                  {desc: "Provisioned storage IOPS (default: the storage's included baseline).", min: num(0), max: num(workload.MaxIOPS)},
	"Data.high_availability":     {desc: "Keep a synchronous standby in another zone (Multi-AZ, HA).", def: false},
	"Data.read_replicas":         {desc: "Extra read-only copies.", def: 0, min: num(0), max: num(workload.MaxReadReplicas)},
	"Data.connections":           {desc: "Most client connections open at once (0: not a constraint).", def: 0, min: num(0), max: num(workload.MaxConnections)},
	"Data.backup_retention_days": {desc: "Days automated backups are kept (default 7).", min: num(0), max: num(workload.MaxBackupRetentionDays)},

	"Connections.peak_concurrent":         {desc: "Most connections open at once, at the traffic's peak.", min: num(1), max: num(workload.MaxPeakConnections), required: true},
	"Connections.mean_duration_minutes":   {desc: "Mean time a connection stays open, minutes (default 30).", min: num(0), max: num(workload.MaxHoursPerMonth * 60)},
	"Connections.messages_per_connection": {desc: "Messages a connection carries, both ways (default: requests_per_month spread over the month's connections).", min: num(0), max: num(workload.MaxMessagesPerConnection)},
	"Connections.message_kb":              {desc: "Mean message size, KB (default 1).", min: num(0), max: num(workload.MaxMessageKB)},
	"Connections.per_pod":                 {desc: "Connections one pod, task or container instance holds (default 10,000; Cloud Run at most 1,000).", min: num(0), max: num(workload.MaxConnectionsPerPod)},
	"Downstream.dynamodb_reads":           {desc: "DynamoDB reads per request.", min: num(0), max: num(workload.MaxDownstreamPerReq)},
	"Downstream.dynamodb_writes":          {desc: "DynamoDB writes per request.", min: num(0), max: num(workload.MaxDownstreamPerReq)},
	"Downstream.s3_gets":                  {desc: "S3 GETs per request.", min: num(0), max: num(workload.MaxDownstreamPerReq)},
	"Downstream.s3_puts":                  {desc: "S3 PUTs per request.", min: num(0), max: num(workload.MaxDownstreamPerReq)},
	"Downstream.sqs_messages":             {desc: "SQS messages sent per request.", min: num(0), max: num(workload.MaxDownstreamPerReq)},
}

// JSONSchema returns the JSON Schema (draft 2020-12) of spec version 1,
// derived from the Go types (their yaml tags) and the limits in
// internal/workload. The schema checks types, field names, enums and
// absolute ranges; cross-field rules (unique component names, cpu_ms and
// duration_p99_ms against duration_ms, requests against hours_per_month) are
// fulcrum validate's.
func JSONSchema() ([]byte, error) {
	g := schemaGen{defs: map[string]any{}}
	root := g.object(reflect.TypeFor[workload.Spec]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = SchemaID
	root["title"] = "Fulcrum workload spec, version 1"
	root["description"] = "A system of components, their traffic and resources, and the team that runs them. Field reference: docs/spec.md. Keys starting with x- are ignored (for YAML anchors)."
	root["$defs"] = g.defs
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("encode schema: %w", err)
	}
	return b.Bytes(), nil
}

type schemaGen struct{ defs map[string]any }

// rangeRef defines the range form of a numeric field (docs/spec.md#ranges)
// once and refers to it.
func (g *schemaGen) rangeRef() map[string]any {
	if _, ok := g.defs["range"]; !ok {
		bound := map[string]any{"anyOf": []any{
			map[string]any{"type": "number", "minimum": 0},
			map[string]any{"type": "string", "pattern": workload.CountTextPattern.String()},
		}}
		g.defs["range"] = map[string]any{
			"description": "A range instead of one number: p10/p50/p90 (lognormal; p50 defaults to the geometric mean of p10 and p90) or min/max (uniform; with mode, triangular). The field takes the median; analyze --uncertainty samples the range (docs/uncertainty.md).",
			"type":        "object",
			"properties": map[string]any{
				"p10": bound, "p50": bound, "p90": bound, "min": bound, "max": bound, "mode": bound,
				"dist": map[string]any{"type": "string", "enum": []string{"lognormal", "uniform", "triangular"}},
			},
			"additionalProperties": false,
			"minProperties":        2,
		}
	}
	return map[string]any{"$ref": "#/$defs/range"}
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		name := yamlName(t.Field(i))
		if name == "" {
			continue
		}
		c := constraints[t.Name()+"."+name]
		props[name] = g.field(t.Field(i).Type, c)
		if c.required {
			required = append(required, name)
		}
	}
	o := map[string]any{
		"type":                 "object",
		"properties":           props,
		"patternProperties":    map[string]any{"^x-": map[string]any{}},
		"additionalProperties": false,
	}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// ref names a struct type in $defs and returns a reference to it.
func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := strings.ToLower(t.Name()[:1]) + t.Name()[1:]
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // reserve: recursive types
		g.defs[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

func (g *schemaGen) field(t reflect.Type, c constraint) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var s map[string]any
	switch t.Kind() {
	case reflect.Struct:
		s = g.ref(t)
		if c.desc != "" {
			// $ref siblings are allowed in draft 2020-12.
			s["description"] = c.desc
		}
		return s
	case reflect.Slice, reflect.Array:
		item := g.field(t.Elem(), constraint{enum: c.enum, pattern: c.pattern})
		s = map[string]any{"type": "array", "items": item}
		if c.minItems > 0 {
			s["minItems"] = c.minItems
		}
		if c.maxItems > 0 {
			s["maxItems"] = c.maxItems
		}
		if c.unique {
			s["uniqueItems"] = true
		}
		if c.desc != "" {
			s["description"] = c.desc
		}
		return s
	case reflect.Map:
		if c.keys != nil {
			props := map[string]any{}
			for k, vals := range c.keys {
				props[k] = map[string]any{"type": "string", "enum": vals}
			}
			return map[string]any{"type": "object", "properties": props, "additionalProperties": false, "description": c.desc}
		}
		return map[string]any{"type": "object", "additionalProperties": g.field(t.Elem(), constraint{}), "description": c.desc}
	case reflect.String:
		s = map[string]any{"type": "string"}
		if len(c.enum) > 0 {
			s["enum"] = c.enum
		}
		if c.pattern != "" {
			s["pattern"] = c.pattern
		}
		if c.maxLen > 0 {
			s["maxLength"] = c.maxLen
		}
		if c.minLen > 0 {
			s["minLength"] = c.minLen
		}
	case reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s = map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s = map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		s = map[string]any{"type": "number"}
	default:
		s = map[string]any{}
	}
	if len(c.enum) > 0 && s["type"] == "integer" {
		vals := make([]any, len(c.enum))
		for i, e := range c.enum {
			var n int
			fmt.Sscan(e, &n)
			vals[i] = n
		}
		s["enum"] = vals
	}
	if c.min != nil {
		if c.exclMin {
			s["exclusiveMinimum"] = *c.min
		} else {
			s["minimum"] = *c.min
		}
	}
	if c.max != nil {
		if c.exclMax {
			s["exclusiveMaximum"] = *c.max
		} else {
			s["maximum"] = *c.max
		}
	}
	if c.anyOf != nil {
		s["anyOf"] = c.anyOf
	}
	if c.count {
		s = map[string]any{"anyOf": []any{s, map[string]any{"type": "string", "pattern": workload.CountTextPattern.String()}}}
	}
	if isNumeric(t.Kind()) && !c.noRange {
		s = map[string]any{"anyOf": []any{s, g.rangeRef()}}
	}
	if c.def != nil {
		s["default"] = c.def
	}
	if c.desc != "" {
		s["description"] = c.desc
	}
	return s
}
