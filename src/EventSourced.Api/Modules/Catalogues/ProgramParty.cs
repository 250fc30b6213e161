using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>Which side of the coordination program maintains a type: the police, or the Fatherland Front with its member organisations.</summary>
public enum ProgramParty
{
    /// <summary>Công an.</summary>
    Police,
    /// <summary>Ủy ban MTTQ and its member organisations.</summary>
    FatherlandFrontAndMembers,
    /// <summary>Any other maintainer.</summary>
    Other,
}

public static class ProgramParties
{
    /// <summary>Ho Chi Minh City counts the Front's member organisations on the Front's side ("Ủy ban MTTQ và các tổ chức thành viên").</summary>
    public static ProgramParty Of(Organisation maintainer) => maintainer switch
    {
        Organisation.Police => ProgramParty.Police,
        Organisation.PeoplesCommittee => ProgramParty.Other,
        _ => ProgramParty.FatherlandFrontAndMembers,
    };
}
