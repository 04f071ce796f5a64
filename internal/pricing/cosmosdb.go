package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// CosmosDB is a month of an Azure Cosmos DB (NoSQL API) account in one
// region: serverless (request units consumed) or provisioned throughput
// (RU/s held each hour, summed in units of 100 RU/s-hours), and the
// transactional storage.
type CosmosDB struct {
	Serverless   bool
	RequestUnits float64 // serverless
	RU100Hours   float64 // provisioned: Σ hours × RU/s / 100
	StorageGB    float64
}

// Bill prices the month.
func (x CosmosDB) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("cosmos-db")
	u.nonNegative("request_units", x.RequestUnits)
	u.nonNegative("ru100_hours", x.RU100Hours)
	u.nonNegative("storage_gb", x.StorageGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	ru := l.Entry("azure.cosmos.serverless.request_units")
	prov := l.Entry("azure.cosmos.provisioned.hourly_100rus")
	storage := l.Entry("azure.cosmos.storage.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("cosmos-db", c)
	if x.Serverless {
		b.Add("Serverless request units", Dec(x.RequestUnits), "RU", ru, HalfUp)
	} else {
		b.Add("Provisioned throughput", Dec(x.RU100Hours), "100 RU/s-hour", prov, HalfUp)
	}
	b.Add("Transactional storage", Dec(x.StorageGB), "GB-month", storage, HalfUp)
	return b, nil
}
