package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// ServiceBus is a month of an Azure Service Bus Standard namespace: the
// base charge for its hours and the operations (each 64 KB of a message
// sent, received or settled is one) above the 13M included.
type ServiceBus struct {
	Hours      float64
	Operations float64
}

// Bill prices the month.
func (x ServiceBus) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("service-bus")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("operations", x.Operations)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	base := l.Entry("azure.servicebus.standard.base_hour")
	ops := l.Entry("azure.servicebus.standard.operations")
	free := l.Entry("azure.servicebus.standard.free.operations")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("service-bus", c)
	b.Add("Service Bus Standard base charge", Dec(x.Hours), "namespace-hour", base, HalfUp)
	b.AddTiered("Service Bus operations above the 13M included", lessFree(Dec(x.Operations), free), "operation", ops, HalfUp)
	return b, nil
}
