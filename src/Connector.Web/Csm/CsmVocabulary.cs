namespace Connector.Web.Csm;

/// <summary>What a CSM record is: a customer (a person) or an organization (a company).</summary>
public enum CsmEntity
{
    Customer,
    Organization,
}

/// <summary>CSM's detail field types (ATLASSIAN-APIS.md §1.3).</summary>
public enum CsmFieldType
{
    TEXT,
    EMAIL,
    URL,
    DATE,
    NUMBER,
    BOOLEAN,
    PHONE,
    SELECT,
    MULTISELECT,
}

/// <summary>A detail field definition: created by Build, or found in CSM already.</summary>
public sealed record CsmField(CsmEntity Entity, string Name, CsmFieldType Type, IReadOnlyList<string>? Options = null);
